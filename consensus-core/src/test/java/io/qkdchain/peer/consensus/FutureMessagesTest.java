package io.qkdchain.peer.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Messages of a later round (docs/protocol.md, "Messages of another round"): held, bounded, and
 * handed back in arrival order once this peer reaches their round; those of a height it has left
 * are forgotten.
 */
class FutureMessagesTest {

  private static final PeerId P1 = PeerId.of("peer-1");

  @Test
  void messages_are_released_at_their_round_in_arrival_order_and_later_ones_stay() {
    FutureMessages future = new FutureMessages(100);
    PeerMessage h2v3 = report(2, 3);
    PeerMessage h2v1 = report(2, 1);
    PeerMessage h2v2 = report(2, 2);
    PeerMessage h3v0 = report(3, 0);
    for (PeerMessage m : List.of(h2v3, h2v1, h3v0, h2v2)) {
      assertThat(future.hold(P1, m, ((PeerMessage.RoundMessage) m).round())).isTrue();
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
    assertThat(future.hold(P1, report(2, 1), new Round(2, 1))).isTrue();
    assertThat(future.hold(P1, report(2, 2), new Round(2, 2))).isTrue();
    assertThat(future.hold(P1, report(2, 3), new Round(2, 3))).isFalse();
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
