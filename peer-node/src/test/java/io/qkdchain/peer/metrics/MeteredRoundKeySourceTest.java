package io.qkdchain.peer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qkdchain.peer.consensus.KeyHandle;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.RoundKeySource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class MeteredRoundKeySourceTest {

  private static final PeerId QKD = PeerId.of("peer-2");
  private static final PeerId CLASSICAL = PeerId.of("peer-3");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /** Issues keys, and fails every read with a timeout. */
  private final RoundKeySource links =
      new RoundKeySource() {
        @Override
        public CompletionStage<IssuedRoundKey> issue(PeerId slave, int bits) {
          return CompletableFuture.completedFuture(
              new IssuedRoundKey(new KeyHandle.QkdKeyIds(List.of("id-1")), new byte[bits / 8]));
        }

        @Override
        public CompletionStage<byte[]> obtain(PeerId master, KeyHandle handle, int bits) {
          return CompletableFuture.failedFuture(new TimeoutException("no answer"));
        }
      };

  private final MeteredRoundKeySource metered =
      new MeteredRoundKeySource(links, Set.of(QKD), registry);

  @Test
  void kme_calls_on_qkd_links_are_timed_by_operation_and_outcome() {
    metered.issue(QKD, 768).toCompletableFuture().join();
    metered.issue(QKD, 768).toCompletableFuture().join();
    CompletableFuture<byte[]> failed =
        metered.obtain(QKD, new KeyHandle.QkdKeyIds(List.of("id-1")), 768).toCompletableFuture();

    assertThat(failed).isCompletedExceptionally();
    assertThat(
            registry
                .get("qkdchain.kme.calls")
                .tags("operation", "enc_keys", "outcome", "ok")
                .timer()
                .count())
        .isEqualTo(2);
    assertThat(
            registry
                .get("qkdchain.kme.calls")
                .tags("operation", "dec_keys", "outcome", "timeout")
                .timer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void classical_links_make_no_kme_call_and_are_not_measured() {
    metered.issue(CLASSICAL, 768).toCompletableFuture().join();

    assertThat(registry.find("qkdchain.kme.calls").timers()).isEmpty();
  }
}
