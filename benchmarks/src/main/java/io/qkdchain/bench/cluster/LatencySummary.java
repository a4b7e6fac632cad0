package io.qkdchain.bench.cluster;

/** Commit latencies of one run in milliseconds, rounded to 0.01 ms (nearest-rank percentiles). */
public record LatencySummary(
    int count, double p50, double p95, double p99, double max, double mean) {}
