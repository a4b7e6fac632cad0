package io.qkdchain.peer.api;

import java.time.Duration;

/**
 * Bounds of the client API: the raw request body (checked before parsing), how long {@code
 * ?wait=true} waits, and blocks per page.
 */
public record ApiLimits(int maxBodyBytes, Duration waitTimeout, int maxBlocksPerPage) {

  /** A body that can carry the largest transaction even if every byte were JSON-escaped. */
  public static ApiLimits of(int maxTransactionBytes, Duration waitTimeout, int maxBlocksPerPage) {
    long body = 6L * maxTransactionBytes + 4096;
    return new ApiLimits(
        (int) Math.min(Integer.MAX_VALUE - 8, body), waitTimeout, maxBlocksPerPage);
  }
}
