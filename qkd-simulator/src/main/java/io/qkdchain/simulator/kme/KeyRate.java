package io.qkdchain.simulator.kme;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The key generation rate of each QKD link, emulated as a token bucket of key bits per ordered
 * (master, slave) pair: a link accumulates secret bits at a fixed rate up to a buffer, and enc_keys
 * draws from it. A rate of 0 means unlimited.
 */
public final class KeyRate {

  private final long bitsPerSecond;
  private final long burstBits;
  private final Map<SaePair, Bucket> buckets = new ConcurrentHashMap<>();

  public KeyRate(long bitsPerSecond, long burstBits) {
    if (bitsPerSecond < 0 || bitsPerSecond > 0 && burstBits <= 0) {
      throw new IllegalArgumentException(
          "a key rate needs a positive burst, got rate " + bitsPerSecond + ", burst " + burstBits);
    }
    this.bitsPerSecond = bitsPerSecond;
    this.burstBits = burstBits;
  }

  public boolean unlimited() {
    return bitsPerSecond == 0;
  }

  /**
   * Takes {@code bits} of key material from the pair's link.
   *
   * @throws KmeException 503 when the link has not yet accumulated that many bits
   */
  public void draw(SaePair pair, long bits) {
    if (unlimited()) {
      return;
    }
    if (bits > burstBits) {
      throw KmeException.unavailable(
          "key material exhausted for "
              + pair
              + ": "
              + bits
              + " bits asked in one request, but the link buffers at most "
              + burstBits
              + " bits (sim.key-burst-bits); ask for fewer keys per request",
          Map.of("requested_bits", bits, "max_bits", burstBits));
    }
    ConsumptionProbe probe = bucket(pair).tryConsumeAndReturnRemaining(bits);
    if (!probe.isConsumed()) {
      long waitMillis = Duration.ofNanos(probe.getNanosToWaitForRefill()).toMillis() + 1;
      throw KmeException.unavailable(
          "key material exhausted for "
              + pair
              + ": "
              + bits
              + " bits asked, "
              + probe.getRemainingTokens()
              + " available at "
              + bitsPerSecond
              + " bit/s (sim.key-rate-bps)",
          Map.of(
              "requested_bits",
              bits,
              "available_bits",
              probe.getRemainingTokens(),
              "retry_after_ms",
              waitMillis));
    }
  }

  /** Gives back bits drawn for a request that failed later, so the failure costs no key. */
  public void refund(SaePair pair, long bits) {
    if (!unlimited()) {
      bucket(pair).addTokens(bits);
    }
  }

  /** Bits the pair could draw now; {@link Long#MAX_VALUE} when unlimited. */
  public long availableBits(SaePair pair) {
    return unlimited() ? Long.MAX_VALUE : bucket(pair).getAvailableTokens();
  }

  private Bucket bucket(SaePair pair) {
    return buckets.computeIfAbsent(
        pair,
        p ->
            Bucket.builder()
                .addLimit(
                    limit ->
                        limit
                            .capacity(burstBits)
                            .refillGreedy(bitsPerSecond, Duration.ofSeconds(1))
                            .initialTokens(burstBits))
                .build());
  }
}
