package io.qkdchain.peer.consensus;

import java.util.Objects;

/** A block with its hash computed once ({@link Block#hash()} re-encodes on every call). */
record ProposedBlock(Block block, String hash) {

  ProposedBlock {
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(hash, "hash");
  }

  static ProposedBlock of(Block block) {
    return new ProposedBlock(block, block.hash());
  }
}
