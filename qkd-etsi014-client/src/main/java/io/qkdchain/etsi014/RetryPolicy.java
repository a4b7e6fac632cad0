package io.qkdchain.etsi014;

import java.time.Duration;

/**
 * Retries for answers that may succeed later: 503 (key material not yet available) and transport
 * failures. A 400 or 401 is never retried: the same request would fail the same way.
 *
 * @param maxRetries retries after the first attempt; 0 disables retrying
 * @param firstBackoff wait before the first retry; each further wait doubles
 * @param maxBackoff cap on a single wait
 * @param jitter fraction in [0, 1] of each wait that is randomised, so that peers which failed
 *     together do not retry together
 * @param deadline no retry is started once this long has passed since the first attempt
 */
public record RetryPolicy(
    int maxRetries, Duration firstBackoff, Duration maxBackoff, double jitter, Duration deadline) {

  public RetryPolicy {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("retry.maxRetries must be >= 0, was " + maxRetries);
    }
    requirePositive(firstBackoff, "retry.firstBackoff");
    requirePositive(maxBackoff, "retry.maxBackoff");
    requirePositive(deadline, "retry.deadline");
    if (maxBackoff.compareTo(firstBackoff) < 0) {
      throw new IllegalArgumentException("retry.maxBackoff must be >= retry.firstBackoff");
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("retry.jitter must be in [0, 1], was " + jitter);
    }
  }

  /** Five retries from 200 ms up to 2 s, half jitter, within 10 s. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(
        5, Duration.ofMillis(200), Duration.ofSeconds(2), 0.5, Duration.ofSeconds(10));
  }

  /** A single attempt. */
  public static RetryPolicy none() {
    return new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1), 0, Duration.ofMillis(1));
  }

  static void requirePositive(Duration value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is required");
    }
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be positive, was " + value);
    }
  }
}
