package io.qkdchain.peer.consensus;

/**
 * The bytes the Toeplitz MAC covers: round identity, proposer, justification and the whole block.
 */
public final class ProposalBytes {

  static final String MAGIC = "QKDCHAIN-PROPOSAL-v2";

  private ProposalBytes() {}

  public static byte[] of(Round round, PeerId proposer, int justifyView, Block block) {
    if (block.index() != round.height()) {
      throw new IllegalArgumentException(
          "block index " + block.index() + " does not match round height " + round.height());
    }
    byte[] blockBytes = block.encode();
    return new CanonicalBytes(blockBytes.length + 128)
        .ascii(MAGIC)
        .u64(round.height())
        .u32(round.view())
        .str16(proposer.value())
        .u32(justifyView + 1)
        .raw(blockBytes)
        .toByteArray();
  }
}
