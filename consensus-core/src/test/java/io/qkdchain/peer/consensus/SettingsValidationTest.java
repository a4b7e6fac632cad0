package io.qkdchain.peer.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The consensus knobs (docs/configuration.md) are validated when built, so a bad value stops the
 * peer with a message naming it: every limit must be at least 1, and both timers at least 1 ms.
 */
class SettingsValidationTest {

  private final ConsensusSettings defaults = ConsensusSettings.defaults();

  @Test
  void every_limit_must_be_at_least_1_and_1_is_enough() {
    assertThat(defaults.withLimits(1, 1, 1, 1, 1).maxBlockTransactions()).isEqualTo(1);
    assertThat(defaults.withMaxPendingBytes(1).maxPendingBytes()).isEqualTo(1);
    assertRefused(() -> defaults.withLimits(0, 1, 1, 1, 1), "maxBlockTransactions");
    assertRefused(() -> defaults.withLimits(1, 0, 1, 1, 1), "maxBlockBytes");
    assertRefused(() -> defaults.withLimits(1, 1, 0, 1, 1), "maxTransactionBytes");
    assertRefused(() -> defaults.withLimits(1, 1, 1, 0, 1), "maxPendingTransactions");
    assertRefused(() -> defaults.withLimits(1, 1, 1, 1, 0), "maxBufferedMessages");
    assertRefused(() -> defaults.withMaxPendingBytes(0), "maxPendingBytes");
  }

  @Test
  void both_timers_must_be_at_least_a_millisecond() {
    Duration ms = Duration.ofMillis(1);
    assertThat(defaults.withTimers(ms, ms).viewTimeout()).isEqualTo(ms);
    assertRefused(() -> defaults.withTimers(Duration.ofNanos(999_999), ms), "viewTimeout");
    assertRefused(() -> defaults.withTimers(Duration.ofMillis(-5), ms), "viewTimeout");
    assertRefused(() -> defaults.withTimers(ms, Duration.ofNanos(999_999)), "regossipInterval");
    assertRefused(() -> defaults.withTimers(ms, Duration.ofMillis(-5)), "regossipInterval");
  }

  @Test
  void the_view_timeout_doubles_per_view_up_to_64_times() {
    ConsensusSettings s = defaults.withTimers(Duration.ofMillis(10), Duration.ofMillis(10));
    for (int v = 0; v <= 10; v++) {
      assertThat(s.viewTimeout(v).toMillis()).as("view %d", v).isEqualTo(10L << Math.min(v, 6));
    }
  }

  @Test
  void key_prefetch_can_be_turned_off() {
    assertThat(defaults.prefetchKeys()).isTrue();
    assertThat(defaults.withKeyPrefetch(false).prefetchKeys()).isFalse();
  }

  private static void assertRefused(Runnable build, String knob) {
    assertThatThrownBy(build::run)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(knob);
  }
}
