package io.qkdchain.bench.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Commit latencies of one run and when each commit was seen, in nanoseconds; percentiles by the
 * nearest-rank method.
 */
final class Latencies {

  private long[] values = new long[1024];
  private long[] completedAt = new long[1024];
  private int size;

  synchronized void add(long nanos, long completedAtNanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
      completedAt = Arrays.copyOf(completedAt, size * 2);
    }
    values[size] = nanos;
    completedAt[size] = completedAtNanos;
    size++;
  }

  synchronized int count() {
    return size;
  }

  synchronized LatencySummary summary() {
    return summarise(Arrays.copyOf(values, size));
  }

  /** The latencies added since the first {@code from} of them (progress lines). */
  synchronized LatencySummary summarySince(int from) {
    return summarise(Arrays.copyOfRange(values, Math.min(from, size), size));
  }

  /**
   * Commits per interval of {@code width} from {@code start}, by the time each commit was seen; the
   * last interval ends at {@code finish} and may be shorter.
   */
  synchronized List<ThroughputInterval> intervals(long start, long finish, Duration width) {
    long step = width.toNanos();
    int buckets = (int) Math.max(1, (finish - start + step - 1) / step);
    long[][] byBucket = new long[buckets][];
    int[] filled = new int[buckets];
    for (int i = 0; i < size; i++) {
      filled[bucket(completedAt[i], start, step, buckets)]++;
    }
    for (int b = 0; b < buckets; b++) {
      byBucket[b] = new long[filled[b]];
      filled[b] = 0;
    }
    for (int i = 0; i < size; i++) {
      int b = bucket(completedAt[i], start, step, buckets);
      byBucket[b][filled[b]++] = values[i];
    }
    List<ThroughputInterval> intervals = new ArrayList<>(buckets);
    for (int b = 0; b < buckets; b++) {
      long from = b * step;
      long to = Math.min((b + 1) * step, finish - start);
      LatencySummary latency = summarise(byBucket[b]);
      double seconds = (to - from) / 1e9;
      intervals.add(
          new ThroughputInterval(
              from / 1e9,
              to / 1e9,
              latency.count(),
              seconds > 0 ? latency.count() / seconds : 0,
              latency.p50(),
              latency.p99()));
    }
    return intervals;
  }

  private static int bucket(long at, long start, long step, int buckets) {
    return (int) Math.max(0, Math.min(buckets - 1, (at - start) / step));
  }

  private static LatencySummary summarise(long[] unsorted) {
    long[] sorted = unsorted;
    Arrays.sort(sorted);
    int n = sorted.length;
    return new LatencySummary(
        n,
        millis(percentile(sorted, 0.50)),
        millis(percentile(sorted, 0.95)),
        millis(percentile(sorted, 0.99)),
        millis(n == 0 ? 0 : sorted[n - 1]),
        millis(n == 0 ? 0 : (long) Arrays.stream(sorted).average().orElse(0)));
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
