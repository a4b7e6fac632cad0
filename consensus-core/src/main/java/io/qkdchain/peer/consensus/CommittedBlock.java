package io.qkdchain.peer.consensus;

import java.util.Objects;

/** A block in the chain, with the certificate of its commit. */
public record CommittedBlock(Block block, CommitCertificate certificate) {

  public CommittedBlock {
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(certificate, "certificate");
  }

  public static CommittedBlock genesis() {
    return new CommittedBlock(Block.genesis(), CommitCertificate.genesis());
  }

  public long index() {
    return block.index();
  }
}
