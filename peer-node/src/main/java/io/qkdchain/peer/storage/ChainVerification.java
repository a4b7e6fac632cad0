package io.qkdchain.peer.storage;

import java.util.OptionalLong;

/**
 * The outcome of re-reading the chain from disk: whether every record, hash and link holds, how
 * many blocks did, and where the first bad one is.
 */
public record ChainVerification(
    boolean valid, long height, OptionalLong firstBadIndex, String problem) {

  static ChainVerification ok(long height) {
    return new ChainVerification(true, height, OptionalLong.empty(), null);
  }

  static ChainVerification broken(long verifiedBlocks, String problem) {
    return new ChainVerification(false, verifiedBlocks, OptionalLong.of(verifiedBlocks), problem);
  }
}
