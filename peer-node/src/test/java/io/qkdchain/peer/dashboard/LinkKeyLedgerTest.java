package io.qkdchain.peer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.dashboard.LinkKeyLedger.LinkUsage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LinkKeyLedgerTest {

  private static final List<PeerId> FOUR =
      IntStream.rangeClosed(1, 4).mapToObj(i -> PeerId.of("peer-" + i)).toList();

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final Hypercube cube = new Hypercube(FOUR);
  private final LinkKeyLedger ledger =
      new LinkKeyLedger(cube, FOUR.get(0), Duration.ofSeconds(60), now::get);

  private LinkUsage link(String a, String b) {
    return ledger.links().stream()
        .filter(l -> l.a().equals(a) && l.b().equals(b))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void a_square_has_four_physical_links_and_two_relayed_diagonals() {
    assertThat(cube.dimension()).isEqualTo(2);
    assertThat(ledger.links()).hasSize(6);
    assertThat(ledger.links().stream().filter(LinkUsage::physical)).hasSize(4);
    assertThat(link("peer-1", "peer-4").physical()).isFalse();
    assertThat(link("peer-2", "peer-3").physical()).isFalse();
    assertThat(new Hypercube(List.of(FOUR.get(0), FOUR.get(1))).dimension()).isEqualTo(1);
    assertThatThrownBy(() -> new Hypercube(FOUR.subList(0, 3))).hasMessageContaining("2^d members");
  }

  @Test
  void own_links_are_exact_and_a_received_proposal_implies_the_proposers_other_links() {
    ledger.keyIssued(new Round(1, 0), FOUR.get(1), List.of("a"), 768);
    ledger.keyReceived(new Round(2, 0), FOUR.get(2), List.of("b"), 768);

    assertThat(link("peer-1", "peer-2").totalBits()).isEqualTo(768);
    assertThat(link("peer-1", "peer-2").own()).isTrue();
    assertThat(link("peer-1", "peer-3").totalBits()).isEqualTo(768);
    assertThat(link("peer-1", "peer-3").inferredBits()).isZero();
    assertThat(link("peer-2", "peer-3").inferredBits()).isEqualTo(768);
    assertThat(link("peer-3", "peer-4").inferredBits()).isEqualTo(768);
    assertThat(link("peer-3", "peer-4").own()).isFalse();
    assertThat(link("peer-2", "peer-4").totalBits()).isZero();
  }

  @Test
  void recent_bits_fade_after_the_window_while_the_total_stays() {
    ledger.keyIssued(new Round(1, 0), FOUR.get(1), List.of("a"), 768);
    now.addAndGet(30_000);
    ledger.keyIssued(new Round(2, 0), FOUR.get(1), List.of("b"), 768);
    assertThat(link("peer-1", "peer-2").recentBits()).isEqualTo(1536);

    now.addAndGet(45_000);
    assertThat(link("peer-1", "peer-2").recentBits()).isEqualTo(768);
    now.addAndGet(60_000);
    assertThat(link("peer-1", "peer-2").recentBits()).isZero();
    assertThat(link("peer-1", "peer-2").totalBits()).isEqualTo(1536);
  }
}
