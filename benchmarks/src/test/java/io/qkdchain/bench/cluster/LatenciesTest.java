package io.qkdchain.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatenciesTest {

  private static final long SECOND = 1_000_000_000L;
  private static final long MS = 1_000_000L;

  @Test
  void commits_are_counted_in_the_ten_second_stretch_in_which_the_client_saw_them() {
    Latencies latencies = new Latencies();
    long start = 5 * SECOND;
    // 3 commits in the first 10 s (10, 20, 30 ms), 1 in the second, none in the third, 2 in the
    // last, which ends 2.5 s into its stretch.
    latencies.add(10 * MS, start + 1 * SECOND);
    latencies.add(30 * MS, start + 9 * SECOND);
    latencies.add(20 * MS, start + 10 * SECOND - 1);
    latencies.add(40 * MS, start + 10 * SECOND);
    latencies.add(50 * MS, start + 31 * SECOND);
    latencies.add(60 * MS, start + 32 * SECOND);

    List<ThroughputInterval> intervals =
        latencies.intervals(start, start + 32_500 * MS, Duration.ofSeconds(10));

    assertThat(intervals)
        .containsExactly(
            new ThroughputInterval(0, 10, 3, 0.3, 20, 30),
            new ThroughputInterval(10, 20, 1, 0.1, 40, 40),
            new ThroughputInterval(20, 30, 0, 0, 0, 0),
            new ThroughputInterval(30, 32.5, 2, 0.8, 50, 60));
    assertThat(intervals.stream().mapToLong(ThroughputInterval::committed).sum())
        .isEqualTo(latencies.count());
  }

  @Test
  void the_whole_run_and_the_latest_values_have_their_own_percentiles() {
    Latencies latencies = new Latencies();
    for (int i = 1; i <= 100; i++) {
      latencies.add(i * MS, i * MS);
    }
    assertThat(latencies.summary().p50()).isEqualTo(50);
    assertThat(latencies.summary().p99()).isEqualTo(99);
    assertThat(latencies.summarySince(90).count()).isEqualTo(10);
    assertThat(latencies.summarySince(90).p50()).isEqualTo(95);
    assertThat(latencies.summarySince(200).count()).isZero();
  }

  @Test
  void a_run_shorter_than_one_stretch_has_one_interval_of_its_length() {
    Latencies latencies = new Latencies();
    latencies.add(5 * MS, 700 * MS);
    assertThat(latencies.intervals(0, 1_500 * MS, Duration.ofSeconds(10)))
        .containsExactly(new ThroughputInterval(0, 1.5, 1, 1 / 1.5, 5, 5));
  }
}
