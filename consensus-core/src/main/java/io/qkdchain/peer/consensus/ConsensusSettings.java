package io.qkdchain.peer.consensus;

import io.qkdchain.toeplitz.ToeplitzFamily;
import java.time.Duration;
import java.util.Objects;

/**
 * The consensus knobs of docs/configuration.md, validated when built so that a bad value stops the
 * peer with a message that names it.
 */
public record ConsensusSettings(
    ToeplitzFamily family,
    int tagBits,
    int maxBlockTransactions,
    long maxBlockBytes,
    int maxTransactionBytes,
    int maxPendingTransactions,
    Duration viewTimeout,
    Duration regossipInterval,
    int maxBufferedMessages,
    boolean prefetchKeys,
    long maxPendingBytes) {

  public static final int DEFAULT_TAG_BITS = 256;
  public static final int DEFAULT_MAX_BLOCK_TRANSACTIONS = 1000;
  public static final long DEFAULT_MAX_BLOCK_BYTES = 8L * 1024 * 1024;
  public static final int DEFAULT_MAX_TRANSACTION_BYTES = 1024 * 1024;
  public static final int DEFAULT_MAX_PENDING_TRANSACTIONS = 100_000;
  public static final Duration DEFAULT_VIEW_TIMEOUT = Duration.ofSeconds(3);
  public static final Duration DEFAULT_REGOSSIP_INTERVAL = Duration.ofSeconds(5);
  public static final int DEFAULT_MAX_BUFFERED_MESSAGES = 10_000;
  public static final long DEFAULT_MAX_PENDING_BYTES = 128L * 1024 * 1024;
  public static final boolean DEFAULT_PREFETCH_KEYS = true;

  public ConsensusSettings {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(viewTimeout, "viewTimeout");
    Objects.requireNonNull(regossipInterval, "regossipInterval");
    family.validateTagBits(tagBits);
    requirePositive("maxBlockTransactions", maxBlockTransactions);
    requirePositive("maxBlockBytes", maxBlockBytes);
    requirePositive("maxTransactionBytes", maxTransactionBytes);
    requirePositive("maxPendingTransactions", maxPendingTransactions);
    requirePositive("maxBufferedMessages", maxBufferedMessages);
    requirePositive("maxPendingBytes", maxPendingBytes);
    if (viewTimeout.isNegative() || viewTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("viewTimeout must be at least 1 ms, got " + viewTimeout);
    }
    if (regossipInterval.isNegative() || regossipInterval.toMillis() < 1) {
      throw new IllegalArgumentException(
          "regossipInterval must be at least 1 ms, got " + regossipInterval);
    }
  }

  /**
   * The defaults of docs/configuration.md: lfsr with 256-bit tags, 3 s views, 5 s re-gossip, key
   * prefetch on.
   */
  public static ConsensusSettings defaults() {
    return new ConsensusSettings(
        ToeplitzFamily.LFSR,
        DEFAULT_TAG_BITS,
        DEFAULT_MAX_BLOCK_TRANSACTIONS,
        DEFAULT_MAX_BLOCK_BYTES,
        DEFAULT_MAX_TRANSACTION_BYTES,
        DEFAULT_MAX_PENDING_TRANSACTIONS,
        DEFAULT_VIEW_TIMEOUT,
        DEFAULT_REGOSSIP_INTERVAL,
        DEFAULT_MAX_BUFFERED_MESSAGES,
        DEFAULT_PREFETCH_KEYS,
        DEFAULT_MAX_PENDING_BYTES);
  }

  public ConsensusSettings withMac(ToeplitzFamily newFamily, int newTagBits) {
    Copy copy = new Copy(this);
    copy.family = newFamily;
    copy.tagBits = newTagBits;
    return copy.build();
  }

  public ConsensusSettings withTimers(Duration newViewTimeout, Duration newRegossipInterval) {
    Copy copy = new Copy(this);
    copy.viewTimeout = newViewTimeout;
    copy.regossipInterval = newRegossipInterval;
    return copy.build();
  }

  public ConsensusSettings withLimits(
      int newMaxBlockTransactions,
      long newMaxBlockBytes,
      int newMaxTransactionBytes,
      int newMaxPendingTransactions,
      int newMaxBufferedMessages) {
    Copy copy = new Copy(this);
    copy.maxBlockTransactions = newMaxBlockTransactions;
    copy.maxBlockBytes = newMaxBlockBytes;
    copy.maxTransactionBytes = newMaxTransactionBytes;
    copy.maxPendingTransactions = newMaxPendingTransactions;
    copy.maxBufferedMessages = newMaxBufferedMessages;
    return copy.build();
  }

  /** The pool's bound on the UTF-8 bytes of its transactions, beside its count bound. */
  public ConsensusSettings withMaxPendingBytes(long newMaxPendingBytes) {
    Copy copy = new Copy(this);
    copy.maxPendingBytes = newMaxPendingBytes;
    return copy.build();
  }

  /** Whether a proposer requests its next proposal's round keys right after sending one. */
  public ConsensusSettings withKeyPrefetch(boolean prefetch) {
    Copy copy = new Copy(this);
    copy.prefetchKeys = prefetch;
    return copy.build();
  }

  /** The fields of a settings value, so that each {@code with...} names only what it changes. */
  private static final class Copy {
    private ToeplitzFamily family;
    private int tagBits;
    private int maxBlockTransactions;
    private long maxBlockBytes;
    private int maxTransactionBytes;
    private int maxPendingTransactions;
    private Duration viewTimeout;
    private Duration regossipInterval;
    private int maxBufferedMessages;
    private boolean prefetchKeys;
    private long maxPendingBytes;

    private Copy(ConsensusSettings from) {
      family = from.family;
      tagBits = from.tagBits;
      maxBlockTransactions = from.maxBlockTransactions;
      maxBlockBytes = from.maxBlockBytes;
      maxTransactionBytes = from.maxTransactionBytes;
      maxPendingTransactions = from.maxPendingTransactions;
      viewTimeout = from.viewTimeout;
      regossipInterval = from.regossipInterval;
      maxBufferedMessages = from.maxBufferedMessages;
      prefetchKeys = from.prefetchKeys;
      maxPendingBytes = from.maxPendingBytes;
    }

    private ConsensusSettings build() {
      return new ConsensusSettings(
          family,
          tagBits,
          maxBlockTransactions,
          maxBlockBytes,
          maxTransactionBytes,
          maxPendingTransactions,
          viewTimeout,
          regossipInterval,
          maxBufferedMessages,
          prefetchKeys,
          maxPendingBytes);
    }
  }

  /** The timeout of view {@code v}: doubles per failed view, up to x64. */
  Duration viewTimeout(int view) {
    return viewTimeout.multipliedBy(1L << Math.min(view, 6));
  }

  private static void requirePositive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + value);
    }
  }
}
