package io.qkdchain.bench.cluster;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Everything one run measured; written as JSON and summarised on one line.
 *
 * @param intervals committed tx/s and latency per 10 s from the first measured submission
 * @param keyBits key bits the simulator handed out during the measured part, or null without one
 * @param keyBitsPerTransaction {@code keyBits / committed}, or null
 */
public record BenchResult(
    Instant startedAt,
    List<String> peers,
    int concurrency,
    int sizeBytes,
    long submitted,
    long committed,
    long failed,
    double elapsedSeconds,
    double committedPerSecond,
    LatencySummary latencyMs,
    List<ThroughputInterval> intervals,
    Long keyBits,
    Double keyBitsPerTransaction,
    ChainVerdict chains,
    List<String> errors) {

  public String summaryLine() {
    return String.format(
        Locale.ROOT,
        "committed %d/%d (failed %d) in %.1f s: %.1f tx/s, latency p50 %.1f ms p95 %.1f ms p99 %.1f"
            + " ms, key bits/tx %s, chains identical: %s",
        committed,
        submitted,
        failed,
        elapsedSeconds,
        committedPerSecond,
        latencyMs.p50(),
        latencyMs.p95(),
        latencyMs.p99(),
        keyBitsPerTransaction == null
            ? "n/a"
            : String.format(Locale.ROOT, "%.1f", keyBitsPerTransaction),
        chains.identical() ? "yes" : "NO (" + chains.detail() + ")");
  }
}
