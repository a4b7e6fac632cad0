package io.qkdchain.peer.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.peer.consensus.PeerMessage.Phase;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Messages of a later round (docs/protocol.md, "Messages of another round"): held, and handed back
 * in arrival order once this peer reaches their round; those of a height it has left are forgotten.
 * The buffer's bounds, filled past them directly: at most {@code capacity} messages held (the first
 * to arrive), the rest dropped and counted; and, in the engine, nothing held for a height more than
 * {@link FutureMessages#HEIGHT_HORIZON} ahead.
 */
class FutureMessagesTest {

  private static final PeerId LIAR = PeerId.of("peer-2");

  @Test
  void past_its_capacity_the_buffer_holds_the_first_arrivals_and_drops_and_counts_the_rest() {
    FutureMessages buffer = new FutureMessages(100);
    List<PeerMessage> sent = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      Round round = new Round(5, 1 + i % 7);
      PeerMessage vote = new PeerMessage.Vote(round, Phase.ECHO, hash(i));
      sent.add(vote);
      assertThat(buffer.hold(LIAR, vote, round)).as("message %d", i).isEqualTo(i < 100);
      assertThat(buffer.size()).isLessThanOrEqualTo(100);
    }

    assertThat(buffer.size()).isEqualTo(100);
    assertThat(buffer.dropped()).isEqualTo(900);
    List<PeerMessage> released =
        buffer.release(new Round(5, 7)).stream().map(FutureMessages.Held::message).toList();
    assertThat(released).as("the first 100, in arrival order").isEqualTo(sent.subList(0, 100));
    assertThat(buffer.size()).isZero();
  }

  @Test
  void release_hands_out_what_is_due_forgets_the_stale_and_keeps_the_later() {
    FutureMessages buffer = new FutureMessages(10);
    Round stale = new Round(4, 9);
    Round due = new Round(5, 2);
    Round dueEarlierView = new Round(5, 0);
    Round laterView = new Round(5, 3);
    Round laterHeight = new Round(6, 0);
    for (Round round : List.of(stale, due, laterView, dueEarlierView, laterHeight)) {
      buffer.hold(LIAR, new PeerMessage.Vote(round, Phase.ECHO, hash(0)), round);
    }

    assertThat(buffer.release(new Round(5, 2)))
        .extracting(FutureMessages.Held::round)
        .containsExactly(due, dueEarlierView);
    assertThat(buffer.size()).as("the later view and height stay").isEqualTo(2);
    assertThat(buffer.release(new Round(6, 0)))
        .extracting(FutureMessages.Held::round)
        .containsExactly(laterHeight);
    assertThat(buffer.size()).as("the later view of height 5 is stale at 6").isZero();
  }

  @Test
  void the_engine_holds_a_message_up_to_the_height_horizon_and_none_beyond() {
    OneEngine one = new OneEngine();
    long height = one.engine.snapshot().round().height();
    FutureMessages buffer = buffer(one.engine);
    assertThat(buffer.size()).isZero();

    one.vote(
        OneEngine.P1, new Round(height + FutureMessages.HEIGHT_HORIZON, 0), Phase.ECHO, hash(1));
    assertThat(buffer.size()).as("at the horizon").isEqualTo(1);

    for (int i = 0; i < 50; i++) {
      Round beyond = new Round(height + FutureMessages.HEIGHT_HORIZON + 1 + i, 0);
      one.vote(OneEngine.P1, beyond, Phase.ECHO, hash(i));
    }
    assertThat(buffer.size()).as("beyond the horizon").isEqualTo(1);
    assertThat(one.events.ignored).filteredOn(line -> line.contains("too far ahead")).hasSize(50);
  }

  private static FutureMessages buffer(ConsensusEngine engine) {
    try {
      Field field = ConsensusEngine.class.getDeclaredField("future");
      field.setAccessible(true);
      return (FutureMessages) field.get(engine);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the engine has no future-message buffer", e);
    }
  }

  private static String hash(int i) {
    return String.format("%064x", i);
  }

  @Test
  void messages_are_released_at_their_round_in_arrival_order_and_later_ones_stay() {
    FutureMessages future = new FutureMessages(100);
    PeerMessage h2v3 = report(2, 3);
    PeerMessage h2v1 = report(2, 1);
    PeerMessage h2v2 = report(2, 2);
    PeerMessage h3v0 = report(3, 0);
    for (PeerMessage m : List.of(h2v3, h2v1, h3v0, h2v2)) {
      assertThat(future.hold(LIAR, m, ((PeerMessage.RoundMessage) m).round())).isTrue();
    }
    assertThat(messages(future.release(new Round(2, 0)))).isEmpty();
    assertThat(future.size()).isEqualTo(4);
    assertThat(messages(future.release(new Round(2, 2)))).containsExactly(h2v1, h2v2);
    assertThat(future.size()).isEqualTo(2);
    assertThat(messages(future.release(new Round(2, 2)))).as("released once").isEmpty();
    assertThat(messages(future.release(new Round(3, 0))))
        .as("height 2 left: its view 3 forgotten")
        .containsExactly(h3v0);
    assertThat(future.size()).isZero();
  }

  @Test
  void beyond_its_capacity_a_message_is_dropped_and_counted() {
    FutureMessages future = new FutureMessages(2);
    assertThat(future.hold(LIAR, report(2, 1), new Round(2, 1))).isTrue();
    assertThat(future.hold(LIAR, report(2, 2), new Round(2, 2))).isTrue();
    assertThat(future.hold(LIAR, report(2, 3), new Round(2, 3))).isFalse();
    assertThat(future.size()).isEqualTo(2);
    assertThat(future.dropped()).isEqualTo(1);
    future.countDropped();
    assertThat(future.dropped()).isEqualTo(2);
  }

  private static PeerMessage report(long height, int view) {
    return new PeerMessage.Vote(new Round(height, view), PeerMessage.Phase.ECHO, "ab".repeat(32));
  }

  private static List<PeerMessage> messages(List<FutureMessages.Held> held) {
    return held.stream().map(FutureMessages.Held::message).toList();
  }
}
