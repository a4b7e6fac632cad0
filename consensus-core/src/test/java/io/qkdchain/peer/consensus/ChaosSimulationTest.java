package io.qkdchain.peer.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Random delays, drops, duplicates, reordering, partitions, KME failures, crashes and restarts,
 * seeded. The ledger checks safety at every append on every peer; at the end the network heals and
 * every acknowledged transaction must be committed exactly once everywhere. A failure names its
 * seed; {@code -Dqkdchain.sim.seeds=N} runs more seeds.
 */
class ChaosSimulationTest {

  private static final int SEEDS = Integer.getInteger("qkdchain.sim.seeds", 24);
  private static final int PHASES = 1200;
  private static final long PHASE_MILLIS = 25;
  private static final ConsensusSettings FAST = SimulatedCluster.fastSettings();

  /** At most two transactions a block, so that every seed runs hundreds of rounds. */
  private static final ConsensusSettings SMALL_BLOCKS =
      FAST.withLimits(
          2,
          FAST.maxBlockBytes(),
          FAST.maxTransactionBytes(),
          FAST.maxPendingTransactions(),
          FAST.maxBufferedMessages());

  @TestFactory
  Stream<DynamicTest> four_peers_stay_safe_and_commit_every_acknowledged_transaction() {
    return LongStream.range(0, SEEDS)
        .mapToObj(s -> DynamicTest.dynamicTest("seed " + (1000 + s), () -> chaos(1000 + s, 4)));
  }

  @TestFactory
  Stream<DynamicTest> eight_peers_stay_safe_and_commit_every_acknowledged_transaction() {
    return LongStream.range(0, Math.max(1, SEEDS / 3))
        .mapToObj(s -> DynamicTest.dynamicTest("seed " + (2000 + s), () -> chaos(2000 + s, 8)));
  }

  private static void chaos(long seed, int peers) {
    Random random = new Random(seed * 0x9E37_79B9_7F4A_7C15L);
    SimulatedCluster cluster = new SimulatedCluster(seed, peers, SMALL_BLOCKS).startAll();
    cluster.network.conditions(new SimulatedNetwork.Conditions(1, 20, 0.02, 0.03));
    cluster.kme.failIssuesWithProbability(0.02);
    int maxDown = peers == 4 ? 1 : 2;
    List<String> acknowledged = new ArrayList<>();
    List<PeerId> down = new ArrayList<>();
    try {
      for (int phase = 0; phase < PHASES; phase++) {
        int submissions = random.nextInt(100) < 30 ? 1 + random.nextInt(3) : 0;
        for (int i = 0; i < submissions; i++) {
          PeerId entry = cluster.peers.get(random.nextInt(peers));
          cluster
              .submit(entry, "seed " + seed + " phase " + phase + " tx " + i)
              .ifPresent(tx -> acknowledged.add(tx.id()));
        }
        double action = random.nextDouble();
        if (action < 0.005 && down.size() < maxDown) {
          PeerId victim = cluster.peers.get(random.nextInt(peers));
          if (!down.contains(victim)) {
            cluster.crash(victim);
            down.add(victim);
          }
        } else if (action < 0.015 && !down.isEmpty()) {
          cluster.restart(down.remove(random.nextInt(down.size())));
        } else if (action < 0.02) {
          cluster.network.cut(
              cluster.peers.get(random.nextInt(peers)), cluster.peers.get(random.nextInt(peers)));
        } else if (action < 0.03) {
          cluster.network.heal();
        }
        cluster.runFor(PHASE_MILLIS);
      }
      down.forEach(cluster::restart);
      cluster.network.heal();
      cluster.network.conditions(SimulatedNetwork.Conditions.calm());
      cluster.kme.failIssuesWithProbability(0);
      boolean settled =
          cluster.runUntil(
              () -> cluster.committedEverywhere(acknowledged) && cluster.chainsIdentical(),
              300_000);
      if (Boolean.getBoolean("qkdchain.sim.verbose")) {
        System.out.printf(
            "seed %d: %d peers, Q=%d, %d tx, height %d, %d view changes, %d messages, t=%d ms%n",
            seed,
            peers,
            Membership.defaultQuorum(peers),
            acknowledged.size(),
            cluster.maxHeight(),
            cluster.nodes().stream().mapToInt(n -> n.events.viewChanges.size()).sum(),
            cluster.network.messages(),
            cluster.time.now());
      }
      assertThat(settled).as("settled after healing: " + cluster.describe()).isTrue();
      assertThat(acknowledged).as("seed %d acknowledged something", seed).isNotEmpty();
      for (SimulatedCluster.Node node : cluster.nodes()) {
        assertThat(node.events.conflicts).as("seed %d conflicts at %s", seed, node.id).isEmpty();
      }
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("chaos run failed for seed " + seed + " (" + peers + " peers)", e);
    }
  }
}
