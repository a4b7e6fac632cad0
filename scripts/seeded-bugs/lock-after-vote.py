import sys, os
os.chdir(sys.argv[1])
p='consensus-core/src/main/java/io/qkdchain/peer/consensus/Agreement.java'
s=open(p).read()
old="""    position.lockOn(round, new ProposedBlock(block, hash), ctx.store());
    ctx.events().locked(round, hash);
    cast(Phase.LOCK, view, hash);"""
new="""    cast(Phase.LOCK, view, hash);
    position.lockOn(round, new ProposedBlock(block, hash), ctx.store());
    ctx.events().locked(round, hash);"""
assert old in s; open(p,'w').write(s.replace(old,new))
