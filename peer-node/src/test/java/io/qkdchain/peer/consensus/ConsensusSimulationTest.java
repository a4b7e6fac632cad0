package io.qkdchain.peer.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsensusSimulationTest {

  private static final PeerId P1 = PeerId.of("peer-1");
  private static final PeerId P2 = PeerId.of("peer-2");
  private static final PeerId P3 = PeerId.of("peer-3");
  private static final PeerId P4 = PeerId.of("peer-4");

  @Test
  void four_peers_commit_a_hundred_rounds_and_all_chains_are_identical_and_valid() {
    SimulatedCluster cluster =
        new SimulatedCluster(1, 4, 12, SimulatedCluster.fastSettings()).startAll();
    for (int round = 1; round <= 100; round++) {
      PeerId entry = cluster.peers.get(round % 4);
      String id = cluster.submit(entry, "tx " + round).orElseThrow().id();
      boolean committed = cluster.runUntil(() -> cluster.committedEverywhere(List.of(id)), 5_000);
      assertThat(committed).as(cluster.describe()).isTrue();
    }
    assertThat(cluster.minHeight()).isEqualTo(101);
    assertThat(cluster.chainsIdentical()).isTrue();
    for (SimulatedCluster.Node node : cluster.nodes()) {
      assertThat(node.events.conflicts).isEmpty();
      assertThat(node.events.rejections).isEmpty();
      assertThat(node.events.viewChanges).isEmpty();
    }
  }

  @Test
  void
      transactions_submitted_concurrently_to_different_peers_are_each_committed_exactly_once_in_the_same_order() {
    SimulatedCluster cluster =
        new SimulatedCluster(2, 4, 12, SimulatedCluster.fastSettings()).startAll();
    cluster.network.conditions(new SimulatedNetwork.Conditions(1, 15, 0, 0.05));
    List<String> ids = new ArrayList<>();
    for (int burst = 0; burst < 20; burst++) {
      for (PeerId peer : cluster.peers) {
        for (int k = 0; k < 5; k++) {
          ids.add(cluster.submit(peer, peer + " burst " + burst + " #" + k).orElseThrow().id());
        }
      }
      cluster.runFor(3);
    }
    assertThat(cluster.runUntil(() -> cluster.committedEverywhere(ids), 30_000))
        .as(cluster.describe())
        .isTrue();
    cluster.runFor(500);
    assertThat(cluster.chainsIdentical()).isTrue();
    List<String> committedOrder =
        cluster.node(P1).chain.range(1, 10_000).stream()
            .flatMap(b -> b.block().transactions().stream())
            .map(Transaction::id)
            .toList();
    assertThat(committedOrder).hasSize(ids.size()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(cluster.maxHeight()).as("batched into blocks").isLessThan(ids.size() / 2);
    for (SimulatedCluster.Node node : cluster.nodes()) {
      assertThat(node.state.pendingCount()).as("pool log compacted").isZero();
      for (String id : ids) {
        assertThat(node.engine.status(id).state()).isEqualTo(TransactionStatus.State.COMMITTED);
      }
    }
  }
}
