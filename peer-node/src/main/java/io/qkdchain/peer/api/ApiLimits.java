package io.qkdchain.peer.api;

import java.time.Duration;

/**
 * Bounds of the client API: the raw request body (checked before parsing), how long {@code
 * ?wait=true} waits, and blocks and bytes per page of blocks.
 */
public record ApiLimits(
    int maxBodyBytes, Duration waitTimeout, int maxBlocksPerPage, long maxPageBytes) {

  /** The default of {@code qkdchain.api.max-page-bytes}. */
  public static final long DEFAULT_MAX_PAGE_BYTES = 4L * 1024 * 1024;

  public static ApiLimits of(int maxTransactionBytes, Duration waitTimeout, int maxBlocksPerPage) {
    return of(maxTransactionBytes, waitTimeout, maxBlocksPerPage, DEFAULT_MAX_PAGE_BYTES);
  }

  /** A body that can carry the largest transaction even if every byte were JSON-escaped. */
  public static ApiLimits of(
      int maxTransactionBytes, Duration waitTimeout, int maxBlocksPerPage, long maxPageBytes) {
    long body = 6L * maxTransactionBytes + 4096;
    return new ApiLimits(
        (int) Math.min(Integer.MAX_VALUE - 8, body), waitTimeout, maxBlocksPerPage, maxPageBytes);
  }
}
