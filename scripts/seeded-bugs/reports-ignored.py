import sys, os
os.chdir(sys.argv[1])
p='consensus-core/src/main/java/io/qkdchain/peer/consensus/Justification.java'
s=open(p).read()
old="""                    r.isEmpty()
                        || r.get().view() < justifyView"""
new="""                    true
                        || r.get().view() < justifyView"""
assert old in s; open(p,'w').write(s.replace(old,new))
