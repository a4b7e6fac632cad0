package io.qkdchain.peer.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Twins (Bano et al., OPODIS 2021): {@code f} members each run as two unmodified engines sharing
 * the member's identity and KME keys, each with its own disk. Every honest peer talks to one twin
 * of each pair, chosen by its side; the sides change over time and may be cut from each other, so
 * the twins propose, echo, accept and lock differently towards different peers, and a twin that
 * loses its disk (its lock and view promise) comes back in views it already voted in. Honest peers
 * are killed (-9) and restarted meanwhile. The {@link HonestOracle} and the ledger check safety
 * throughout; once the network heals, every acknowledged transaction must commit with its exact
 * data on every honest peer, and no honest peer may be blamed. {@code -Dqkdchain.sim.seeds=N} runs
 * N seeds of 4 peers and N/3 of 8.
 */
class TwinsSimulationTest {

  private static final int SEEDS = Integer.getInteger("qkdchain.sim.seeds", 24);

  /** {@code -Dqkdchain.sim.seed=S} replays one seed only. */
  private static final long ONLY = Long.getLong("qkdchain.sim.seed", -1);

  private static final int PHASES = 400;
  private static final long PHASE_MILLIS = 25;

  /** What the run did to the twins and the honest peers. */
  enum Event {
    SIDES_CHANGED,
    SIDES_CUT,
    TWIN_LOST_STATE,
    HONEST_CRASH,
    HONEST_RESTART,
    /** The two copies of one member sent different proposals in one round. */
    TWIN_PROPOSALS_DIFFERED,
    /** The two copies of one member sent votes for different blocks in one round and phase. */
    TWIN_VOTES_DIFFERED
  }

  private static final Map<Event, Long> EVENTS = new EnumMap<>(Event.class);
  private static final Map<Misbehaviour, Long> EVIDENCE = new EnumMap<>(Misbehaviour.class);
  private static int runs;

  @TestFactory
  Stream<DynamicTest> twins_break_neither_safety_nor_liveness() {
    Stream<DynamicTest> four =
        LongStream.range(0, SEEDS)
            .filter(s -> ONLY < 0 || 7000 + s == ONLY)
            .mapToObj(
                s ->
                    DynamicTest.dynamicTest("4 peers, seed " + (7000 + s), () -> run(7000 + s, 4)));
    Stream<DynamicTest> eight =
        LongStream.range(0, Math.max(1, SEEDS / 3))
            .filter(s -> ONLY < 0 || 8000 + s == ONLY)
            .mapToObj(
                s ->
                    DynamicTest.dynamicTest("8 peers, seed " + (8000 + s), () -> run(8000 + s, 8)));
    return Stream.of(
            four,
            eight,
            Stream.of(
                DynamicTest.dynamicTest(
                    "every twin event occurred and twins were caught equivocating",
                    this::nothingVacuous)))
        .flatMap(s -> s);
  }

  private void nothingVacuous() {
    org.junit.jupiter.api.Assumptions.assumeTrue(ONLY < 0, "one seed replayed: totals not checked");
    assertThat(runs).as("runs").isPositive();
    for (Event event : Event.values()) {
      assertThat(EVENTS.getOrDefault(event, 0L)).as("%s across the seeds", event).isPositive();
    }
    assertThat(EVIDENCE.getOrDefault(Misbehaviour.EQUIVOCATION, 0L))
        .as("twins caught equivocating: %s", EVIDENCE)
        .isPositive();
  }

  private record Slot(PeerId member, Round round, String kind) {}

  static void run(long seed, int n) {
    Random random = new Random(seed * 0x9E37_79B9_7F4A_7C15L);
    int f = Membership.faultsTolerated(n);
    Set<PeerId> twins = new HashSet<>();
    while (twins.size() < f) {
      twins.add(PeerId.of("peer-" + (1 + random.nextInt(n))));
    }
    ByzantineCluster cluster =
        new ByzantineCluster(seed, n, ScriptedAdversaryTest.SETTINGS, twins, Set.of());
    Map<Event, Integer> events = new EnumMap<>(Event.class);
    Map<Slot, String[]> byCopy = new HashMap<>();
    Set<Slot> differed = new HashSet<>();
    cluster.network.observe(
        (from, to, message) -> {
          cluster.oracle.sent(from, to, message);
          Slot slot = null;
          String value = null;
          if (!twins.contains(from.id())) {
            return;
          }
          if (message instanceof PeerMessage.Proposal p) {
            slot = new Slot(from.id(), p.round(), "proposal");
            value = p.block().hash();
          } else if (message instanceof PeerMessage.Vote v) {
            slot = new Slot(from.id(), v.round(), v.phase().name());
            value = v.blockHash();
          }
          if (slot != null) {
            String[] copies = byCopy.computeIfAbsent(slot, s -> new String[2]);
            if (copies[from.copy()] == null) {
              copies[from.copy()] = value;
            }
            String other = copies[1 - from.copy()];
            if (other != null && !other.equals(value) && differed.add(slot)) {
              events.merge(
                  slot.kind().equals("proposal")
                      ? Event.TWIN_PROPOSALS_DIFFERED
                      : Event.TWIN_VOTES_DIFFERED,
                  1,
                  Integer::sum);
            }
          }
        });
    List<PeerId> honest = cluster.honestPeers();
    shuffleSides(cluster, honest, random);
    cluster.startAll();
    cluster.network.conditions(new SimulatedNetwork.Conditions(1, 20, 0.02, 0.03));
    ByzantineCluster.Node down = null;
    try {
      for (int phase = 0; phase < PHASES; phase++) {
        if (random.nextInt(100) < 30) {
          PeerId entry = honest.get(random.nextInt(honest.size()));
          cluster.submit(entry, "seed " + seed + " phase " + phase + " at " + entry);
        }
        double action = random.nextDouble();
        if (action < 0.05) {
          shuffleSides(cluster, honest, random);
          events.merge(Event.SIDES_CHANGED, 1, Integer::sum);
          boolean cut = random.nextInt(10) < 7;
          cluster.network.cutSides(cut);
          if (cut) {
            events.merge(Event.SIDES_CUT, 1, Integer::sum);
          }
        } else if (action < 0.056) {
          List<ByzantineCluster.Node> copies =
              cluster.nodes().stream().filter(node -> !node.honest).toList();
          cluster.loseState(copies.get(random.nextInt(copies.size())));
          events.merge(Event.TWIN_LOST_STATE, 1, Integer::sum);
        } else if (action < 0.062 && down == null) {
          down = cluster.node(honest.get(random.nextInt(honest.size())));
          cluster.crash(down);
          events.merge(Event.HONEST_CRASH, 1, Integer::sum);
        } else if (action < 0.076 && down != null) {
          cluster.restart(down);
          down = null;
          events.merge(Event.HONEST_RESTART, 1, Integer::sum);
        }
        cluster.runFor(PHASE_MILLIS);
      }
      if (down != null) {
        cluster.restart(down);
        events.merge(Event.HONEST_RESTART, 1, Integer::sum);
      }
      cluster.network.heal();
      cluster.network.conditions(SimulatedNetwork.Conditions.calm());
      if (random.nextBoolean()) {
        honest.forEach(p -> cluster.network.side(p, 0));
      }
      for (int i = 0; i < 3; i++) {
        cluster.submit(honest.get(i % honest.size()), "seed " + seed + " after healing " + i);
      }
      boolean settled = cluster.runUntil(cluster::everyAcknowledgedCommitted, 150_000);
      Map<Misbehaviour, Integer> evidence = cluster.evidenceAgainstLiars();
      System.out.printf(
          "twins seed %d, N=%d, twins %s: %d acknowledged, honest height %d-%d, %d honest votes"
              + " and %d appends checked, t=%d ms%n  events %s%n  evidence %s%n",
          seed,
          n,
          twins,
          cluster.acknowledged.size(),
          cluster.minHonestHeight(),
          cluster.maxHonestHeight(),
          cluster.oracle.honestVotesChecked(),
          cluster.oracle.honestAppendsChecked(),
          cluster.time.now(),
          events,
          evidence);
      synchronized (TwinsSimulationTest.class) {
        runs++;
        events.forEach((k, v) -> EVENTS.merge(k, (long) v, Long::sum));
        evidence.forEach((k, v) -> EVIDENCE.merge(k, (long) v, Long::sum));
      }
      assertThat(cluster.oracle.violations()).as("oracle").isEmpty();
      assertThat(cluster.evidenceAgainstHonest()).as("honest peers blamed").isEmpty();
      for (ByzantineCluster.Node node : cluster.honest()) {
        assertThat(node.events.conflicts).as("conflicts at %s", node.id()).isEmpty();
      }
      assertThat(settled)
          .as("settled after healing: %s%n%s", cluster.acknowledgedProblems(), cluster.describe())
          .isTrue();
      assertThat(cluster.minHonestHeight()).as("honest peers committed").isGreaterThan(3);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("twins run failed for seed " + seed + " (" + n + " peers)", e);
    }
  }

  private static void shuffleSides(ByzantineCluster cluster, List<PeerId> honest, Random random) {
    for (PeerId peer : honest) {
      cluster.network.side(peer, random.nextInt(2));
    }
  }
}
