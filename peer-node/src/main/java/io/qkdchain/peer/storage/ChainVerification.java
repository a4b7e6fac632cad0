package io.qkdchain.peer.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * The outcome of a verification of the stored chain: whether every record, hash and link held, how
 * many blocks did, where the first bad one is, what was read ({@link Scope}), when it finished and
 * how long it took.
 */
public record ChainVerification(
    boolean valid,
    long height,
    OptionalLong firstBadIndex,
    String problem,
    Scope scope,
    Instant checkedAt,
    Duration took) {

  /** What a verification read. */
  public enum Scope {
    /** At start-up: the records after the checkpoint of the verified prefix. */
    SINCE_CHECKPOINT,
    /** The whole file from its first byte, with the block offsets and the transaction index. */
    FULL
  }

  static ChainVerification ok(long height, Scope scope, Instant checkedAt, Duration took) {
    return new ChainVerification(true, height, OptionalLong.empty(), null, scope, checkedAt, took);
  }

  static ChainVerification broken(
      long verifiedBlocks, String problem, Scope scope, Instant checkedAt, Duration took) {
    return new ChainVerification(
        false, verifiedBlocks, OptionalLong.of(verifiedBlocks), problem, scope, checkedAt, took);
  }
}
