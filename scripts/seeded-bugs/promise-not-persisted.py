import sys, os
os.chdir(sys.argv[1])
p='consensus-core/src/main/java/io/qkdchain/peer/consensus/ConsensusEngine.java'
s=open(p).read()
old="""    Round to = new Round(position.height(), view);
    ctx.store().saveView(to);
"""
new="""    Round to = new Round(position.height(), view);
"""
assert old in s; open(p,'w').write(s.replace(old,new))
