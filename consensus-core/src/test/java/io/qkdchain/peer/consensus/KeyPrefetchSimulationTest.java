package io.qkdchain.peer.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Clusters whose proposers request their next round keys ahead (qkdchain.consensus.prefetch-keys).
 */
class KeyPrefetchSimulationTest {

  private static final ConsensusSettings PREFETCHING =
      SimulatedCluster.fastSettings().withKeyPrefetch(true);

  private static final ConsensusSettings ASKING_IN_THE_ROUND =
      SimulatedCluster.fastSettings().withKeyPrefetch(false);

  /** lfsr at t = 32: 3t bits per link. */
  private static final long ROUND_KEY_BITS = 96;

  @Test
  void prefetched_keys_verify_at_every_peer_and_each_proposer_holds_at_most_one_set_unused() {
    SimulatedCluster cluster = new SimulatedCluster(11, 4, PREFETCHING).startAll();
    for (int round = 1; round <= 40; round++) {
      String id = cluster.submit(cluster.peers.get(round % 4), "tx " + round).orElseThrow().id();
      assertThat(cluster.runUntil(() -> cluster.committedEverywhere(List.of(id)), 5_000))
          .as(cluster.describe())
          .isTrue();
    }

    assertThat(cluster.chainsIdentical()).isTrue();
    for (SimulatedCluster.Node node : cluster.nodes()) {
      assertThat(node.events.rejections).isEmpty();
      assertThat(node.events.viewChanges)
          .as("only the start, one view up")
          .containsExactly(new Round(1, 1));
      assertThat(node.events.keyNotices(KeyNoticeOutcome.EVICTED))
          .as("no key read for nothing")
          .isZero();
      assertThat(node.events.keyNotices(KeyNoticeOutcome.IGNORED)).isZero();
    }
    long used =
        cluster.nodes().stream().mapToLong(n -> n.events.keyNotices(KeyNoticeOutcome.USED)).sum();
    assertThat(used)
        .as("every proposal after a proposer's first verified with keys read ahead")
        .isEqualTo(3 * (40 - 4));
    long perBlock = 3 * ROUND_KEY_BITS;
    assertThat(cluster.kme.issuedBits())
        .as("40 blocks' keys, plus one unused set per proposer")
        .isBetween(40 * perBlock, (40 + 4) * perBlock);
  }

  @Test
  void after_the_kmes_lose_every_unread_key_one_view_change_drops_all_held_keys() {
    SimulatedCluster cluster = new SimulatedCluster(13, 4, PREFETCHING).startAll();
    // Without notices no slave reads a key before its proposal, so the held keys are all unread.
    cluster.network.intercept(
        (from, to, message) -> message instanceof PeerMessage.KeyNotice ? null : message);
    List<String> ids = new ArrayList<>();
    commitInTurn(cluster, ids, "before", 5_000);

    cluster.kme.forgetUnreadKeys();
    commitInTurn(cluster, ids, "after", 60_000);

    assertThat(cluster.chainsIdentical()).isTrue();
    for (SimulatedCluster.Node node : cluster.nodes()) {
      assertThat(node.events.viewChanges)
          .as("view changes at " + node.id + " besides the start")
          .hasSize(2);
    }
  }

  @Test
  void a_prefetched_round_is_faster_than_one_that_asks_the_kme_first() {
    long without = virtualMillisFor(ASKING_IN_THE_ROUND, false);
    long with = virtualMillisFor(PREFETCHING, false);

    assertThat(with).isLessThan(without);
  }

  @Test
  void a_round_whose_slaves_read_their_keys_ahead_is_faster_than_one_that_reads_at_the_proposal() {
    long readingAtTheProposal = virtualMillisFor(PREFETCHING, true);
    long readingAhead = virtualMillisFor(PREFETCHING, false);

    assertThat(readingAhead).isLessThan(readingAtTheProposal);
  }

  @Test
  void a_slave_restarted_after_reading_keys_ahead_costs_at_most_one_view_change() {
    SimulatedCluster cluster = new SimulatedCluster(14, 4, PREFETCHING).startAll();
    List<String> ids = new ArrayList<>();
    commitInTurn(cluster, ids, "before", 5_000);
    PeerId slave = cluster.peers.get(2);
    cluster.crash(slave);
    cluster.restart(slave);
    commitInTurn(cluster, ids, "after", 60_000);

    assertThat(cluster.chainsIdentical()).isTrue();
    for (SimulatedCluster.Node node : cluster.nodes()) {
      assertThat(node.events.viewChanges)
          .as("view changes at " + node.id + " besides the start")
          .hasSizeLessThanOrEqualTo(2);
    }
  }

  @Test
  void with_failing_kmes_crashes_and_lossy_links_no_fork_and_nothing_acknowledged_is_lost() {
    SimulatedCluster cluster = new SimulatedCluster(12, 4, PREFETCHING).startAll();
    cluster.network.conditions(new SimulatedNetwork.Conditions(1, 20, 0.05, 0.05));
    cluster.kme.failIssuesWithProbability(0.1);
    List<String> ids = new ArrayList<>();
    for (int phase = 0; phase < 60; phase++) {
      PeerId entry = cluster.peers.get(phase % 4);
      cluster.submit(entry, "phase " + phase).ifPresent(tx -> ids.add(tx.id()));
      if (phase % 15 == 7) {
        cluster.crash(cluster.peers.get((phase / 15) % 4));
      }
      if (phase % 15 == 12) {
        cluster.restart(cluster.peers.get((phase / 15) % 4));
      }
      cluster.runFor(40);
    }
    cluster.peers.forEach(cluster::restart);
    cluster.network.conditions(new SimulatedNetwork.Conditions(1, 5, 0, 0));
    cluster.kme.failIssuesWithProbability(0);

    assertThat(cluster.runUntil(() -> cluster.committedEverywhere(ids), 120_000))
        .as(cluster.describe())
        .isTrue();
    cluster.runFor(1_000);
    assertThat(cluster.chainsIdentical()).isTrue();
    for (SimulatedCluster.Node node : cluster.nodes()) {
      assertThat(node.events.conflicts).isEmpty();
    }
  }

  /** Eight transactions, one at a time, entering at each peer in turn; each must commit. */
  private static void commitInTurn(
      SimulatedCluster cluster, List<String> ids, String label, long patienceMillis) {
    for (int round = 1; round <= 8; round++) {
      ids.add(cluster.submit(cluster.peers.get(round % 4), label + " " + round).orElseThrow().id());
      assertThat(cluster.runUntil(() -> cluster.committedEverywhere(ids), patienceMillis))
          .as(cluster.describe())
          .isTrue();
    }
  }

  /** Virtual time to commit 20 transactions one at a time, all through the same entry peer. */
  private static long virtualMillisFor(ConsensusSettings settings, boolean dropKeyNotices) {
    SimulatedCluster cluster = new SimulatedCluster(13, 4, settings).startAll();
    if (dropKeyNotices) {
      cluster.network.intercept(
          (from, to, message) -> message instanceof PeerMessage.KeyNotice ? null : message);
    }
    long start = cluster.time.now();
    for (int round = 1; round <= 20; round++) {
      String id = cluster.submit(cluster.peers.get(round % 4), "tx " + round).orElseThrow().id();
      assertThat(cluster.runUntil(() -> cluster.committedEverywhere(List.of(id)), 5_000)).isTrue();
    }
    return cluster.time.now() - start;
  }
}
