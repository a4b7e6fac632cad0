package io.qkdchain.bench.cluster;

import java.util.Arrays;

/** Commit latencies of one run, in nanoseconds; percentiles by the nearest-rank method. */
final class Latencies {

  private long[] values = new long[1024];
  private int size;

  synchronized void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
  }

  synchronized int count() {
    return size;
  }

  synchronized LatencySummary summary() {
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    return new LatencySummary(
        size,
        millis(percentile(sorted, 0.50)),
        millis(percentile(sorted, 0.95)),
        millis(percentile(sorted, 0.99)),
        millis(size == 0 ? 0 : sorted[size - 1]),
        millis(size == 0 ? 0 : (long) Arrays.stream(sorted).average().orElse(0)));
  }

  /** The smallest value with at least {@code fraction} of all values at or below it. */
  static long percentile(long[] sorted, double fraction) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(fraction * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 10_000.0) / 100.0;
  }
}
