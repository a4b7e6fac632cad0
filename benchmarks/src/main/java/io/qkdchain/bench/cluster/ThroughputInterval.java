package io.qkdchain.bench.cluster;

/**
 * The commits of one stretch of a run (10 s unless it is the last), so that a warming cluster shows
 * as a rising rate.
 *
 * @param fromSecond start of the stretch, seconds after the first submission
 * @param toSecond its end
 * @param committed transactions whose commit the client saw in it
 * @param committedPerSecond {@code committed / (toSecond - fromSecond)}
 * @param p50 median latency of those transactions, ms
 * @param p99 their 99th percentile, ms
 */
public record ThroughputInterval(
    double fromSecond,
    double toSecond,
    long committed,
    double committedPerSecond,
    double p50,
    double p99) {}
