package io.qkdchain.peer.consensus;

import java.util.Objects;

/** The latest round in which a peer voted, and the block it voted for. */
public record VoteLock(Round round, Block block) {

  public VoteLock {
    Objects.requireNonNull(round, "round");
    Objects.requireNonNull(block, "block");
  }
}
