package io.qkdchain.peer.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.peer.consensus.ByzantineCluster.Fault;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every crash fault at once, seeded, on honest peers only: random delays, drops, duplicates and
 * reordering; links cut both ways and one way; kill -9 between steps and at durable writes (before
 * the write, or after it and before what it guards leaves); power losses that take what was not
 * synced; restarts; {@code enc_keys} and {@code dec_keys} failures; clocks that read ahead or
 * behind and timers that run slow or fast. The {@link HonestOracle} checks every peer at every
 * send, durable write and append; at the end the network heals and every transaction a peer
 * acknowledged (a bare {@code 202}) must be committed with its exact data on every peer. Each run
 * prints how many faults of each kind it injected, and the last test asserts that every kind
 * occurred, that views changed and that peers locked on different blocks at some height across the
 * seeds. A failure names its seed; {@code -Dqkdchain.sim.seeds=N} runs more seeds, {@code
 * -Dqkdchain.sim.seed=S} one.
 */
class ChaosSimulationTest {

  private static final int DEFAULT_SEEDS = 24;
  private static final int SEEDS = Integer.getInteger("qkdchain.sim.seeds", DEFAULT_SEEDS);
  private static final long ONLY = Long.getLong("qkdchain.sim.seed", -1);
  private static final int PHASES = 1200;
  private static final long PHASE_MILLIS = 25;

  /** The kernel writes dirty pages back every second of virtual time (40 phases). */
  private static final int WRITE_BACK_PHASES = 40;

  private static final ConsensusSettings FAST = SimulatedCluster.fastSettings();

  /** At most two transactions a block, so that every seed runs hundreds of rounds. */
  private static final ConsensusSettings SMALL_BLOCKS =
      FAST.withLimits(
          2,
          FAST.maxBlockBytes(),
          FAST.maxTransactionBytes(),
          FAST.maxPendingTransactions(),
          FAST.maxBufferedMessages());

  private static final Map<Fault, Long> FAULTS = new EnumMap<>(Fault.class);
  private static long runs;
  private static long viewChanges;
  private static long heightsWithConflictingLocks;

  @TestFactory
  Stream<DynamicTest> peers_stay_safe_and_commit_every_acknowledged_transaction_through_faults() {
    Stream<DynamicTest> four =
        LongStream.range(0, SEEDS)
            .map(s -> 1000 + s)
            .filter(s -> ONLY < 0 || s == ONLY)
            .mapToObj(s -> DynamicTest.dynamicTest("4 peers, seed " + s, () -> chaos(s, 4)));
    Stream<DynamicTest> eight =
        LongStream.range(0, Math.max(1, SEEDS / 3))
            .map(s -> 2000 + s)
            .filter(s -> ONLY < 0 || s == ONLY)
            .mapToObj(s -> DynamicTest.dynamicTest("8 peers, seed " + s, () -> chaos(s, 8)));
    return Stream.of(
            four,
            eight,
            Stream.of(
                DynamicTest.dynamicTest(
                    "every fault occurred, views changed and locks conflicted",
                    ChaosSimulationTest::nothingVacuous)))
        .flatMap(s -> s);
  }

  private static void nothingVacuous() {
    Assumptions.assumeTrue(
        ONLY < 0 && SEEDS >= DEFAULT_SEEDS,
        "fewer seeds than the default " + DEFAULT_SEEDS + ": totals not checked");
    assertThat(runs).as("runs").isPositive();
    for (Fault fault : Fault.values()) {
      assertThat(FAULTS.getOrDefault(fault, 0L))
          .as("fault %s injected across the seeds: %s", fault, FAULTS)
          .isPositive();
    }
    assertThat(viewChanges).as("view changes across the seeds").isPositive();
    assertThat(heightsWithConflictingLocks)
        .as("heights at which honest peers locked on different blocks, across the seeds")
        .isPositive();
  }

  private static void chaos(long seed, int n) {
    Random random = new Random(seed * 0x9E37_79B9_7F4A_7C15L);
    ByzantineCluster cluster = new ByzantineCluster(seed, n, SMALL_BLOCKS, Set.of(), Set.of());
    for (ByzantineCluster.Node node : cluster.nodes()) {
      if (random.nextBoolean()) {
        cluster.skewClock(node, random.nextLong(-5_000, 5_001), 0.8 + 0.45 * random.nextDouble());
      }
    }
    cluster.startAll();
    cluster.network.conditions(new SimulatedNetwork.Conditions(1, 20, 0.02, 0.03));
    cluster.kme.failIssuesWithProbability(0.02);
    cluster.kme.failObtainsWithProbability(0.02);
    int maxDown = Membership.faultsTolerated(n);
    cluster.crashAtWrites(0.0005, maxDown);
    List<ByzantineCluster.Node> nodes = cluster.honest();
    try {
      for (int phase = 0; phase < PHASES; phase++) {
        int submissions = random.nextInt(100) < 30 ? 1 + random.nextInt(3) : 0;
        for (int i = 0; i < submissions; i++) {
          PeerId entry = cluster.peers.get(random.nextInt(n));
          cluster.submit(entry, "seed " + seed + " phase " + phase + " tx " + i);
        }
        inject(cluster, random, nodes, maxDown);
        if (phase % WRITE_BACK_PHASES == 0) {
          cluster.writeBack();
        }
        cluster.runFor(PHASE_MILLIS);
      }
      cluster.crashAtWrites(0, 0);
      nodes.forEach(cluster::restart);
      cluster.heal();
      cluster.network.conditions(SimulatedNetwork.Conditions.calm());
      cluster.kme.failIssuesWithProbability(0);
      cluster.kme.failObtainsWithProbability(0);
      boolean settled =
          cluster.runUntil(
              () -> cluster.everyAcknowledgedCommitted() && cluster.honestChainsIdentical(),
              300_000);
      int views = nodes.stream().mapToInt(node -> node.events.viewChanges.size()).sum();
      Map<Fault, Integer> faults = cluster.faults();
      System.out.printf(
          "chaos seed %d, N=%d: %d acknowledged, refused %s, height %d, %d view changes, %d"
              + " heights with conflicting locks, %d honest votes checked, t=%d ms%n  faults %s%n",
          seed,
          n,
          cluster.acknowledged.size(),
          cluster.refused,
          cluster.maxHonestHeight(),
          views,
          cluster.oracle.heightsWithConflictingLocks(),
          cluster.oracle.honestVotesChecked(),
          cluster.time.now(),
          faults);
      synchronized (ChaosSimulationTest.class) {
        runs++;
        viewChanges += views;
        heightsWithConflictingLocks += cluster.oracle.heightsWithConflictingLocks();
        faults.forEach((k, v) -> FAULTS.merge(k, (long) v, Long::sum));
      }
      assertThat(cluster.oracle.violations()).as("oracle").isEmpty();
      assertThat(settled)
          .as("settled after healing: %s%n%s", cluster.acknowledgedProblems(), cluster.describe())
          .isTrue();
      assertThat(cluster.acknowledged).as("acknowledged something").isNotEmpty();
      assertThat(cluster.refused.keySet())
          .as("a live peer refuses a client only when its pool is full")
          .isSubsetOf(Set.of(TransactionRejectedException.Reason.POOL_FULL));
      for (ByzantineCluster.Node node : nodes) {
        assertThat(node.events.conflicts).as("conflicts at %s", node.id()).isEmpty();
      }
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("chaos run failed for seed " + seed + " (" + n + " peers)", e);
    }
  }

  /** At most one fault a phase; never more than {@code maxDown} peers down at once. */
  private static void inject(
      ByzantineCluster cluster, Random random, List<ByzantineCluster.Node> nodes, int maxDown) {
    double action = random.nextDouble();
    ByzantineCluster.Node some = nodes.get(random.nextInt(nodes.size()));
    PeerId a = cluster.peers.get(random.nextInt(cluster.size));
    PeerId b = cluster.peers.get(random.nextInt(cluster.size));
    if (action < 0.006) {
      if (some.up && cluster.honestDown() < maxDown) {
        if (action < 0.004) {
          cluster.crash(some);
        } else {
          cluster.powerLoss(some);
        }
      }
    } else if (action < 0.016) {
      nodes.stream().filter(node -> !node.up).findFirst().ifPresent(cluster::restart);
    } else if (action < 0.021) {
      cluster.cut(a, b);
    } else if (action < 0.026) {
      cluster.cutOneWay(a, b);
    } else if (action < 0.036) {
      cluster.heal();
    }
  }
}
