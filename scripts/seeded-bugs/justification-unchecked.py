# Rule E2 gone: a peer echoes a block whose justification no f + 1 members accepted.
import sys, os
os.chdir(sys.argv[1])
p='consensus-core/src/main/java/io/qkdchain/peer/consensus/Justification.java'
s=open(p).read()
old="""    if (!fresh
        && accepts.count(Phase.ACCEPT, justifyView, blockHash) < membership.learnThreshold()"""
new="""    if (false
        && accepts.count(Phase.ACCEPT, justifyView, blockHash) < membership.learnThreshold()"""
assert old in s; open(p,'w').write(s.replace(old,new))
