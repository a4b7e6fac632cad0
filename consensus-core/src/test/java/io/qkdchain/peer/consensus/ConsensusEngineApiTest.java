package io.qkdchain.peer.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdchain.toeplitz.ToeplitzFamily;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What the HTTP side relies on: submission rules, the 202 guarantee, status and commit waits. */
class ConsensusEngineApiTest {

  private final SimulatedCluster cluster =
      new SimulatedCluster(
              11, 4, SimulatedCluster.fastSettings().withLimits(1000, 1 << 20, 16, 3, 1000))
          .startAll();
  private final ConsensusEngine peer1 = cluster.engine(1);

  @Test
  void an_empty_transaction_is_rejected_as_empty() {
    assertThatThrownBy(() -> peer1.submit(""))
        .isInstanceOfSatisfying(
            TransactionRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(TransactionRejectedException.Reason.EMPTY));
  }

  @Test
  void a_transaction_over_the_byte_limit_is_rejected_as_too_large_counting_utf8_bytes() {
    assertThat(peer1.submit("é".repeat(8)).data()).hasSize(8);
    assertThatThrownBy(() -> peer1.submit("é".repeat(9)))
        .isInstanceOfSatisfying(
            TransactionRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(TransactionRejectedException.Reason.TOO_LARGE));
  }

  @Test
  void text_with_an_unpaired_surrogate_is_rejected_as_malformed() {
    assertThatThrownBy(() -> peer1.submit("bad \uD800 text"))
        .isInstanceOfSatisfying(
            TransactionRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(TransactionRejectedException.Reason.MALFORMED));
  }

  @Test
  void a_full_pool_rejects_with_pool_full_and_records_nothing() {
    cluster.crash(PeerId.of("peer-4"));
    for (int i = 0; i < 3; i++) {
      peer1.submit("tx " + i);
    }
    assertThatThrownBy(() -> peer1.submit("one too many"))
        .isInstanceOfSatisfying(
            TransactionRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(TransactionRejectedException.Reason.POOL_FULL));
    assertThat(cluster.node(1).state.pendingCount()).isEqualTo(3);
  }

  @Test
  void a_submitted_transaction_is_durable_and_pending_on_return_then_committed() {
    Transaction tx = peer1.submit("hello");
    assertThat(tx.id())
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(cluster.node(1).state.loadPending()).containsExactly(tx);
    assertThat(peer1.status(tx.id()).state()).isEqualTo(TransactionStatus.State.PENDING);
    CompletableFuture<Long> committed = peer1.awaitCommit(tx.id()).toCompletableFuture();

    cluster.runUntil(committed::isDone, 5_000);
    assertThat(committed).isCompletedWithValue(1L);
    assertThat(peer1.status(tx.id())).isEqualTo(TransactionStatus.committed(tx.id(), 1));
    cluster.runUntil(() -> cluster.committedEverywhere(List.of(tx.id())), 5_000);
    assertThat(cluster.engine(3).status(tx.id()).blockIndex()).hasValue(1);
    assertThat(peer1.awaitCommit(tx.id()).toCompletableFuture()).isCompletedWithValue(1L);
    assertThat(peer1.status("no-such-id").state()).isEqualTo(TransactionStatus.State.UNKNOWN);
    assertThat(peer1.height()).isEqualTo(2);
  }

  @Test
  void a_transaction_acknowledged_by_a_peer_that_then_crashes_is_committed_after_its_restart() {
    cluster.crash(PeerId.of("peer-2"));
    Transaction tx = peer1.submit("survives a crash");
    cluster.crash(PeerId.of("peer-1"));
    cluster.restart(PeerId.of("peer-2"));
    cluster.runFor(2_000);
    cluster.restart(PeerId.of("peer-1"));
    assertThat(cluster.runUntil(() -> cluster.committedEverywhere(List.of(tx.id())), 10_000))
        .as(cluster.describe())
        .isTrue();
  }

  /**
   * Idle, the snapshot shows the round and no votes; once the round's proposal is accepted it shows
   * the block and the echo votes heard for it, one more as each arrives, up to the three live
   * members (peer-4 is down), and the block it showed is the one committed.
   */
  @Test
  void the_snapshot_shows_the_round_and_its_votes() {
    RoundSnapshot idle = peer1.snapshot();
    assertThat(idle.round()).isEqualTo(new Round(1, 0));
    assertThat(idle.proposer()).isEqualTo(PeerId.of("peer-2"));
    assertThat(idle.phase()).isEqualTo(RoundSnapshot.RoundPhase.IDLE);
    assertThat(idle.threshold()).as("the quorum").isEqualTo(3);
    assertThat(idle.blockHash()).isNull();
    assertThat(idle.votes()).isZero();

    cluster.crash(PeerId.of("peer-4"));
    Transaction tx = peer1.submit("to be voted on");
    Map<Round, List<Integer>> votes = new HashMap<>();
    Map<Round, String> blocks = new HashMap<>();
    // After every simulation step: the votes shown while a round's proposal is accepted, as they
    // change, per round (a view may time out before its proposal reaches everyone).
    assertThat(
            cluster.runUntil(
                () -> {
                  RoundSnapshot now = peer1.snapshot();
                  if (now.phase() == RoundSnapshot.RoundPhase.VOTING) {
                    assertThat(now.blockTransactions()).isEqualTo(1);
                    assertThat(blocks.computeIfAbsent(now.round(), r -> now.blockHash()))
                        .as("one block shown per round")
                        .isEqualTo(now.blockHash());
                    List<Integer> seen = votes.computeIfAbsent(now.round(), r -> new ArrayList<>());
                    if (seen.isEmpty() || seen.get(seen.size() - 1) != now.votes()) {
                      seen.add(now.votes());
                    }
                  }
                  return peer1.height() == 2;
                },
                10_000))
        .as(cluster.describe())
        .isTrue();

    String committed = cluster.node(1).chain.get(1).orElseThrow().block().hash();
    Round decided =
        blocks.entrySet().stream()
            .filter(e -> e.getValue().equals(committed))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow(() -> new AssertionError("the committed block was never shown"));
    List<Integer> shown = votes.get(decided);
    assertThat(shown).as("echo votes shown in %s, as they changed", decided).isSorted();
    assertThat(shown.get(0)).as("peer-1's own echo, perhaps with the proposer's").isBetween(1, 2);
    assertThat(shown.get(shown.size() - 1)).as("every live member's echo").isEqualTo(3);
    assertThat(peer1.status(tx.id()).blockIndex()).hasValue(1);
  }

  @Test
  void settings_name_the_bad_value() {
    assertThatThrownBy(() -> ConsensusSettings.defaults().withMac(ToeplitzFamily.LFSR, 12))
        .hasMessageContaining("multiple of 8");
    assertThatThrownBy(
            () -> ConsensusSettings.defaults().withTimers(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("viewTimeout");
    assertThatThrownBy(() -> ConsensusSettings.defaults().withLimits(0, 1, 1, 1, 1))
        .hasMessageContaining("maxBlockTransactions");
  }
}
