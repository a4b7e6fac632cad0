package io.qkdchain.peer.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The re-scan's pacing: how long it pauses after how much work, for a given share of a core. */
class ScanPaceTest {

  private final List<Long> pauses = new ArrayList<>();

  @Test
  void a_quarter_of_a_core_pauses_three_times_the_work_after_each_whole_slice() {
    ScanPace quarter = new ScanPace(0.25, pauses::add);
    assertThat(quarter.pauseAfter(ScanPace.SLICE_NANOS - 1)).isZero();
    assertThat(quarter.pauseAfter(ScanPace.SLICE_NANOS)).isEqualTo(3 * ScanPace.SLICE_NANOS);
    assertThat(quarter.pauseAfter(100_000_000L)).isEqualTo(300_000_000L);
  }

  @Test
  void a_whole_core_never_pauses() {
    assertThat(ScanPace.of(1.0)).isSameAs(ScanPace.FLAT_OUT);
    assertThat(ScanPace.FLAT_OUT.pauseAfter(10_000_000_000L)).isZero();
  }

  @Test
  void after_a_slice_of_work_the_scan_sleeps_and_starts_a_new_slice() throws Exception {
    ScanPace half = new ScanPace(0.5, pauses::add);
    long sliceStarted = System.nanoTime();
    assertThat(half.afterBlock(sliceStarted)).isEqualTo(sliceStarted);
    assertThat(pauses).isEmpty();

    Thread.sleep(ScanPace.SLICE_NANOS / 1_000_000 + 5); // a whole slice of "work"
    long next = half.afterBlock(sliceStarted);

    assertThat(pauses).hasSize(1);
    assertThat(pauses.get(0)).isGreaterThanOrEqualTo(ScanPace.SLICE_NANOS);
    assertThat(next).isGreaterThan(sliceStarted);
  }

  @Test
  void an_interrupted_scan_stops_pausing_and_keeps_its_interrupt() throws Exception {
    ScanPace half =
        new ScanPace(
            0.5,
            nanos -> {
              throw new InterruptedException();
            });
    Thread.sleep(ScanPace.SLICE_NANOS / 1_000_000 + 5);
    half.afterBlock(System.nanoTime() - 2 * ScanPace.SLICE_NANOS);
    assertThat(Thread.interrupted()).isTrue(); // clears it for the next test
  }

  @Test
  void a_share_outside_zero_to_one_is_refused() {
    assertThatThrownBy(() -> ScanPace.of(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScanPace.of(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new FileChainStore.Options(
                    java.time.Duration.ofSeconds(10),
                    java.time.Duration.ZERO,
                    java.time.Duration.ZERO,
                    0,
                    1024))
        .hasMessageContaining("auditCpuShare");
  }
}
