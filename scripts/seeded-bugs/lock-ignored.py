# Rule E1 gone: a peer echoes a block justified below its own lock (docs/protocol.md, "Safety").
import sys, os
os.chdir(sys.argv[1])
p='consensus-core/src/main/java/io/qkdchain/peer/consensus/Justification.java'
s=open(p).read()
old="""    if (ownLock.isPresent()
        && !ownLock.get().blockHash().equals(blockHash)"""
new="""    if (false
        && !ownLock.get().blockHash().equals(blockHash)"""
assert old in s; open(p,'w').write(s.replace(old,new))
