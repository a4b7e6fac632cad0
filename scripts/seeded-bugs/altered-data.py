import sys, os
os.chdir(sys.argv[1])
p='consensus-core/src/main/java/io/qkdchain/peer/consensus/Proposer.java'
s=open(p).read()
old="""ProposedBlock.of(new Block(round.height(), position.tipHash(), timestamp, batch)));"""
new="""ProposedBlock.of(new Block(round.height(), position.tipHash(), timestamp, batch.stream().map(t -> new Transaction(t.id(), t.data() + "!")).toList())));"""
assert old in s; open(p,'w').write(s.replace(old,new))
