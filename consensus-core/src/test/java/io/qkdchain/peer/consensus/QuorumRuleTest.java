package io.qkdchain.peer.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The quorum arithmetic of docs/protocol.md, "Terms": {@code f = floor((N - 1) / 3)}, a quorum
 * {@code Q} is accepted exactly when it is safe ({@code 2Q - N >= f + 1}: two quorums share an
 * honest member) and live ({@code Q <= N - f}: the honest members alone are a quorum), and the
 * learn threshold is {@code f + 1}. Checked for every {@code N} up to 64 and every {@code Q}.
 */
class QuorumRuleTest {

  @Test
  void a_quorum_is_accepted_exactly_when_it_is_safe_and_live() {
    for (int n = 2; n <= 64; n++) {
      int f = (n - 1) / 3;
      assertThat(Membership.faultsTolerated(n)).as("f of %d", n).isEqualTo(f);
      assertThat(Membership.defaultQuorum(n)).as("default quorum of %d", n).isEqualTo(n - f);
      for (int q = 0; q <= n + 1; q++) {
        boolean safe = 2 * q - n >= f + 1;
        boolean live = q <= n - f;
        String problem = Membership.quorumProblem(n, q);
        assertThat(problem == null).as("quorum %d of %d", q, n).isEqualTo(safe && live);
        if (!safe) {
          assertThat(problem).contains("unsafe");
        } else if (!live) {
          assertThat(problem).contains("cannot be reached");
        }
      }
      assertThat(Membership.quorumProblem(n, Membership.smallestSafeQuorum(n)))
          .as("the smallest safe quorum of %d is live", n)
          .isNull();
      assertThat(Membership.quorumProblem(n, Membership.smallestSafeQuorum(n) - 1))
          .as("one below the smallest safe quorum of %d", n)
          .isNotNull();
    }
  }

  @Test
  void membership_refuses_an_unsafe_or_unlive_quorum_and_names_f_plus_1() {
    List<PeerId> eight = peers(8);
    Membership ok = new Membership(eight, eight.get(0), 6);
    assertThat(ok.faults()).isEqualTo(2);
    assertThat(ok.learnThreshold()).isEqualTo(3);
    assertThat(ok.quorum()).isEqualTo(6);
    assertThatThrownBy(() -> new Membership(eight, eight.get(0), 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsafe");
    assertThatThrownBy(() -> new Membership(eight, eight.get(0), 7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be reached");
  }

  @Test
  void membership_needs_two_distinct_peers_including_itself_in_peer_order() {
    PeerId p1 = PeerId.of("peer-1");
    PeerId p2 = PeerId.of("peer-2");
    PeerId p10 = PeerId.of("peer-10");
    assertThatThrownBy(() -> new Membership(List.of(p1), p1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2");
    assertThatThrownBy(() -> new Membership(List.of(p1, p1), p1, 1))
        .as("one peer named twice")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Membership(List.of(p1, p2), p10, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not among the members");
    Membership two = new Membership(List.of(p2, p1), p1, 2);
    assertThat(two.members()).containsExactly(p1, p2);
    assertThat(two.others()).containsExactly(p2);
    assertThat(two.indexOf(p2)).isEqualTo(1);
    assertThatThrownBy(() -> two.indexOf(p10)).isInstanceOf(IllegalArgumentException.class);
    assertThat(two.isMember(p10)).isFalse();
  }

  @Test
  void proposers_rotate_over_every_member_with_height_plus_view() {
    List<PeerId> four = peers(4);
    Membership m = new Membership(four, four.get(2), 3);
    for (long h = 1; h <= 8; h++) {
      for (int v = 0; v < 8; v++) {
        assertThat(m.proposer(new Round(h, v))).isEqualTo(four.get((int) ((h + v) % 4)));
      }
    }
  }

  private static List<PeerId> peers(int n) {
    List<PeerId> peers = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      peers.add(PeerId.of("peer-" + i));
    }
    return peers;
  }
}
