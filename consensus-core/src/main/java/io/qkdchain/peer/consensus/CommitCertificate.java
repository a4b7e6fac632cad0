package io.qkdchain.peer.consensus;

import java.util.List;
import java.util.Objects;

/** Evidence that a block was committed: the round it was agreed in and the distinct votes seen. */
public record CommitCertificate(Round round, String blockHash, List<VotePair> votes) {

  public CommitCertificate {
    Objects.requireNonNull(round, "round");
    Objects.requireNonNull(blockHash, "blockHash");
    votes = List.copyOf(votes);
  }

  /** The genesis block needs no votes. */
  public static CommitCertificate genesis() {
    return new CommitCertificate(new Round(0, 0), Block.genesis().hash(), List.of());
  }
}
