package io.qkdchain.peer.storage;

import io.qkdchain.peer.consensus.Block;
import io.qkdchain.peer.consensus.CommitCertificate;
import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.consensus.Transaction;
import java.util.List;

/** Committed blocks that link to a given tip, with a plausible certificate. */
final class TestBlocks {

  private TestBlocks() {}

  static CommittedBlock next(CommittedBlock tip, String... texts) {
    long index = tip.index() + 1;
    List<Transaction> txs =
        java.util.stream.IntStream.range(0, texts.length)
            .mapToObj(i -> new Transaction("tx-" + index + "-" + i, texts[i]))
            .toList();
    Block block = new Block(index, tip.block().hash(), 1_700_000_000_000L + index, txs);
    List<PeerId> lockedBy = List.of(PeerId.of("peer-1"), PeerId.of("peer-2"), PeerId.of("peer-4"));
    return new CommittedBlock(
        block, new CommitCertificate(new Round(index, 0), block.hash(), lockedBy));
  }
}
