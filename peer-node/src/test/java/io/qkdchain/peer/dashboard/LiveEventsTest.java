package io.qkdchain.peer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LiveEventsTest {

  private final LiveEvents live =
      new LiveEvents(2, 8, 4, Duration.ofMinutes(1), Duration.ofMinutes(1));

  /** Records what it is sent; optionally blocks every send until released, like a stuck client. */
  private static final class RecordingSink implements LiveEvents.EventSink {
    final List<Long> received = new CopyOnWriteArrayList<>();
    final CountDownLatch release;
    volatile boolean completed;

    RecordingSink(boolean stuck) {
      release = new CountDownLatch(stuck ? 1 : 0);
    }

    @Override
    public void send(RoundEvent event) throws java.io.IOException {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (event != null) {
        received.add(event.seq());
      }
    }

    @Override
    public void complete() {
      completed = true;
    }
  }

  private static RoundEvent event(long seq) {
    return new RoundEvent(seq, seq, "peer-1", "vote-counted", 1L, 0, Map.of());
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    // Only a broken stream waits this long; a loaded machine delivers within milliseconds.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  @AfterEach
  void stop() {
    live.stop();
  }

  @Test
  void a_new_subscriber_gets_the_recent_events_then_the_live_ones_in_order() throws Exception {
    live.start();
    for (long seq = 1; seq <= 6; seq++) {
      live.accept(event(seq));
    }
    RecordingSink sink = new RecordingSink(false);
    live.open(sink);
    live.accept(event(7));

    await(() -> sink.received.size() == 5);
    assertThat(sink.received).containsExactly(3L, 4L, 5L, 6L, 7L);
  }

  @Test
  void a_stuck_subscriber_is_dropped_without_blocking_the_publisher_or_the_others()
      throws Exception {
    live.start();
    RecordingSink stuck = new RecordingSink(true);
    RecordingSink healthy = new RecordingSink(false);
    live.open(stuck);
    live.open(healthy);

    long slowest = 0;
    for (long seq = 1; seq <= 20; seq++) {
      long start = System.nanoTime();
      live.accept(event(seq));
      slowest = Math.max(slowest, System.nanoTime() - start);
      int expected = (int) seq;
      await(() -> healthy.received.size() == expected);
    }
    // The stuck subscriber never returns (until released below): any bound shows the publisher
    // does not wait for it, so this one leaves a loaded machine 10 s.
    assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofSeconds(10));
    assertThat(live.subscriberCount()).isEqualTo(1);

    stuck.release.countDown();
    await(() -> stuck.completed);
    assertThat(stuck.received).isEmpty();
  }

  @Test
  void streams_beyond_the_limit_or_while_stopped_are_refused() {
    assertThatThrownBy(() -> live.open(new RecordingSink(false)))
        .isInstanceOf(StreamRefusedException.class)
        .hasMessageContaining("not serving");
    live.start();
    live.open(new RecordingSink(false));
    live.open(new RecordingSink(false));
    assertThatThrownBy(() -> live.open(new RecordingSink(false)))
        .isInstanceOf(StreamRefusedException.class)
        .hasMessageContaining("already serves 2");
  }
}
