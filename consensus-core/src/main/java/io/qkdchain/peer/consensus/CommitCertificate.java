package io.qkdchain.peer.consensus;

import java.util.List;
import java.util.Objects;

/**
 * How this peer decided a block: the round and the members whose {@code Lock} votes it counted
 * directly. Information for readers: a certificate proves nothing to a third party, since those
 * votes travelled over links the reader is not part of (docs/protocol.md, "Catch-up").
 */
public record CommitCertificate(Round round, String blockHash, List<PeerId> lockedBy) {

  public CommitCertificate {
    Objects.requireNonNull(round, "round");
    Objects.requireNonNull(blockHash, "blockHash");
    lockedBy = List.copyOf(lockedBy);
  }

  /** The genesis block needs no votes. */
  public static CommitCertificate genesis() {
    return new CommitCertificate(new Round(0, 0), Block.genesis().hash(), List.of());
  }
}
