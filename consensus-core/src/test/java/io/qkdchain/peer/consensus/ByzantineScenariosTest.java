package io.qkdchain.peer.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Single scenarios of lying members, each with its exact expectation, and checks of the checks: the
 * oracle of {@link ScriptedAdversaryTest} and {@link TwinsSimulationTest} must fail when a member
 * it believes honest lies.
 */
class ByzantineScenariosTest {

  private static final PeerId P1 = PeerId.of("peer-1");
  private static final PeerId P3 = PeerId.of("peer-3");
  private static final PeerId P4 = PeerId.of("peer-4");
  private static final ConsensusSettings SETTINGS = ScriptedAdversaryTest.SETTINGS;

  /**
   * The attack of issue 13, replayed by a member with its own credentials: echo, accept and lock
   * votes for a block "pay the impostor 1,000,000" nobody proposed, a view change reporting a lock
   * on it, and that block served to a peer catching up. No honest peer appends it, the peer catches
   * up with the real blocks, the liar is counted (false catch-up), and with the liar silent
   * afterwards the three honest peers keep committing.
   */
  @Test
  void the_original_attack_appends_nothing_anywhere_and_counts_the_impostor() {
    ByzantineCluster cluster =
        new ByzantineCluster(13, 4, SETTINGS, Set.of(), Set.of(P4)).startAll();
    ScriptedLiar liar = cluster.node(P4).liar;
    liar.lying(false);
    commit(cluster, 5, "before");
    liar.only(Set.of(ScriptedLiar.Lie.FABRICATED_CATCH_UP, ScriptedLiar.Lie.FABRICATED_COMMIT));
    liar.catchUpLieRate(1.0);
    ByzantineCluster.Node lagging = cluster.node(P3);
    boolean counted = false;
    for (int attempt = 0; attempt < 8 && !counted; attempt++) {
      cluster.crash(lagging);
      commit(cluster, 3, "while peer-3 is down, attempt " + attempt);
      for (int i = 0; i < 3; i++) {
        liar.fabricateCommit(cluster.node(P4).engine.snapshot().round());
        cluster.runFor(20);
      }
      cluster.restart(lagging);
      long target = cluster.node(P1).chain.height();
      assertThat(cluster.runUntil(() -> lagging.chain.height() >= target, 10_000))
          .as(cluster.describe())
          .isTrue();
      counted =
          lagging.events.misbehaviour.stream()
              .anyMatch(e -> e.member().equals(P4) && e.kind() == Misbehaviour.FALSE_CATCH_UP);
    }
    assertThat(counted).as("the impostor counted for false catch-up").isTrue();
    assertThat(liar.told().get(ScriptedLiar.Lie.FABRICATED_CATCH_UP)).isPositive();
    assertThat(liar.told().get(ScriptedLiar.Lie.FABRICATED_COMMIT)).isPositive();
    assertThat(lagging.chain.hashes()).isEqualTo(cluster.node(P1).chain.hashes());
    assertNoImpostorBlock(cluster);
    assertThat(cluster.evidenceAgainstHonest()).isEmpty();
    assertThat(cluster.oracle.violations()).isEmpty();

    cluster.crash(cluster.node(P4));
    commit(cluster, 6, "with the impostor silent");
    assertNoImpostorBlock(cluster);
  }

  /**
   * One member, silent otherwise, keeps the future-message buffer of every honest peer full of view
   * changes for far-future views at the current height (junk held until the height is decided),
   * while its turns to propose force view changes, whose reports are held in that same buffer when
   * they arrive early. The honest peers still commit everything.
   */
  @Test
  void a_flood_of_far_future_view_changes_from_one_member_does_not_stall_the_others() {
    ByzantineCluster cluster =
        new ByzantineCluster(29, 4, SETTINGS, Set.of(), Set.of(P4)).startAll();
    ScriptedLiar liar = cluster.node(P4).liar;
    liar.only(Set.of(ScriptedLiar.Lie.SELECTIVE_SILENCE, ScriptedLiar.Lie.FLOOD));
    liar.silenceAll(Long.MAX_VALUE);
    List<PeerId> honest = cluster.honestPeers();
    for (int i = 0; i < 8; i++) {
      cluster.submit(honest.get(i % honest.size()), "under a flood " + i).orElseThrow();
    }
    for (int phase = 0; phase < 2_400 && !cluster.everyAcknowledgedCommitted(); phase++) {
      long height = cluster.minHonestHeight();
      liar.floodFutureViews(new Round(height, 0), SETTINGS.maxBufferedMessages() / 40);
      cluster.runFor(25);
    }
    assertThat(cluster.everyAcknowledgedCommitted())
        .as("%s%n%s", cluster.acknowledgedProblems(), cluster.describe())
        .isTrue();
    assertThat(cluster.oracle.violations()).isEmpty();
  }

  /**
   * Floods of every message type from one member: votes for random blocks in past, current and
   * future views and heights, view changes, forged key notices, relayed proposals and gossip. What
   * an honest engine holds stays within its bounds at every step (votes: {@code Ballots.MAX_VIEWS}
   * views of 3 phases of N members; future messages: the configured buffer, which the flood fills),
   * and safety holds.
   */
  @Test
  void floods_of_every_message_type_stay_within_the_memory_bounds() {
    ConsensusSettings small =
        SETTINGS.withLimits(
            SETTINGS.maxBlockTransactions(),
            SETTINGS.maxBlockBytes(),
            SETTINGS.maxTransactionBytes(),
            SETTINGS.maxPendingTransactions(),
            256);
    ByzantineCluster cluster = new ByzantineCluster(31, 4, small, Set.of(), Set.of(P4)).startAll();
    ScriptedLiar liar = cluster.node(P4).liar;
    liar.only(Set.of(ScriptedLiar.Lie.FLOOD));
    int ballotBound = Ballots.MAX_VIEWS * PeerMessage.Phase.values().length * 4;
    int peakBallots = 0;
    int peakHeld = 0;
    List<PeerId> honest = cluster.honestPeers();
    for (int phase = 0; phase < 200; phase++) {
      if (phase % 4 == 0) {
        cluster.submit(honest.get(phase % honest.size()), "under a flood " + phase);
      }
      liar.flood(cluster.node(P4).engine.snapshot().round());
      cluster.runFor(25);
      int[] held = cluster.memoryHeld();
      assertThat(held[0]).as("votes held").isLessThanOrEqualTo(ballotBound);
      assertThat(held[1]).as("future messages held").isLessThanOrEqualTo(256);
      peakBallots = Math.max(peakBallots, held[0]);
      peakHeld = Math.max(peakHeld, held[1]);
    }
    assertThat(peakHeld).as("the flood filled the future-message buffer").isEqualTo(256);
    assertThat(peakBallots).as("the flood reached the vote tally").isGreaterThan(3 * 4);
    assertThat(
            cluster.honest().stream().mapToLong(n -> n.engine.snapshot().droppedMessages()).sum())
        .as("messages beyond the buffer were dropped and counted")
        .isPositive();
    assertThat(cluster.oracle.violations()).isEmpty();
    assertThat(cluster.evidenceAgainstHonest()).isEmpty();
  }

  /** The oracle catches a member it believes honest that votes for two blocks in one round. */
  @Test
  void the_oracle_catches_an_undeclared_double_voter() {
    ByzantineCluster cluster =
        new ByzantineCluster(17, 4, SETTINGS, Set.of(), Set.of(P4), false).startAll();
    cluster.node(P4).liar.only(Set.of(ScriptedLiar.Lie.DOUBLE_VOTE_TO_ONE_PEER));
    runExpectingViolation(cluster);
    assertThat(cluster.oracle.violations()).anyMatch(v -> v.contains("sent two different"));
  }

  /**
   * The oracle catches a member it believes honest whose disk lost its lock and view promise: it
   * restarts over an empty store and promises again a view it promised before.
   */
  @Test
  void the_oracle_catches_an_undeclared_member_that_lost_its_promises() {
    ByzantineCluster cluster =
        new ByzantineCluster(19, 4, SETTINGS, Set.of(), Set.of(P4), false).startAll();
    cluster.node(P4).liar.lying(false);
    cluster.runFor(100);
    try {
      cluster.loseState(cluster.node(P4));
      cluster.runFor(1_000);
    } catch (AssertionError expected) {
      // the oracle throws where it notices; its record is checked below
    }
    assertThat(cluster.oracle.violations()).anyMatch(v -> v.contains("promised view"));
  }

  /** The oracle catches a member it believes honest that proposes a block its peers never saw. */
  @Test
  void the_oracle_catches_an_undeclared_equivocating_proposer() {
    ByzantineCluster cluster =
        new ByzantineCluster(23, 4, SETTINGS, Set.of(), Set.of(P4), false).startAll();
    cluster.node(P4).liar.only(Set.of(ScriptedLiar.Lie.EQUIVOCATION_TO_ONE_PEER));
    runExpectingViolation(cluster);
    assertThat(cluster.evidenceAgainstHonest())
        .anyMatch(v -> v.contains("EQUIVOCATION") && v.contains("peer-4"));
  }

  /**
   * A peer that decided a height helps a member still there with its commit votes, once per view
   * that member writes from, and never answers a commit vote of that height: the help itself. (Two
   * peers that both decided, each holding commits of two views, once answered each other's help for
   * ever at no cost in time: a message storm at one instant.)
   */
  @Test
  void a_member_behind_is_helped_once_per_view_and_a_help_is_never_answered() {
    ByzantineCluster cluster = new ByzantineCluster(41, 4, SETTINGS, Set.of(), Set.of()).startAll();
    commit(cluster, 4, "before");
    cluster.runFor(1_000);
    long decided = cluster.node(P3).chain.height() - 1;
    List<PeerMessage> helps = new java.util.ArrayList<>();
    cluster.network.observe( // P1's messages below are made up: the oracle would blame it
        (from, to, message) -> {
          if (from.id().equals(P3)
              && to.equals(P1)
              && message instanceof PeerMessage.RoundMessage m
              && m.round().height() == decided) {
            helps.add(message);
          }
        });
    AdversarialNetwork.Endpoint p1 = AdversarialNetwork.Endpoint.of(P1);
    PeerMessage.ViewChange atView5 =
        new PeerMessage.ViewChange(new Round(decided, 5), java.util.Optional.empty());

    cluster.network.send(p1, P3, atView5);
    cluster.runFor(200);
    assertThat(helps).as("helped at view 5").isNotEmpty();
    assertThat(helps)
        .allMatch(m -> m instanceof PeerMessage.Vote v && v.phase() == PeerMessage.Phase.COMMIT);
    int once = helps.size();

    cluster.network.send(p1, P3, atView5);
    cluster.network.send(
        p1,
        P3,
        new PeerMessage.Vote(new Round(decided, 9), PeerMessage.Phase.COMMIT, "ab".repeat(32)));
    cluster.runFor(200);
    assertThat(helps).as("no second help for view 5, none for a commit vote").hasSize(once);

    cluster.network.send(
        p1, P3, new PeerMessage.ViewChange(new Round(decided, 6), java.util.Optional.empty()));
    cluster.runFor(200);
    assertThat(helps).as("helped again from view 6").hasSize(2 * once);
  }

  private static void runExpectingViolation(ByzantineCluster cluster) {
    try {
      for (int i = 0; i < 40 && cluster.oracle.violations().isEmpty(); i++) {
        cluster.submit(cluster.peers.get(i % 3), "tx " + i).orElseThrow();
        cluster.runFor(200);
        if (!cluster.evidenceAgainstHonest().isEmpty()) {
          return;
        }
      }
    } catch (AssertionError expected) {
      // the oracle throws where it notices; its record is checked by the caller
    }
  }

  private static void commit(ByzantineCluster cluster, int count, String label) {
    List<PeerId> honest =
        cluster.peers.stream().filter(p -> cluster.node(p).honest && cluster.node(p).up).toList();
    for (int i = 0; i < count; i++) {
      cluster.submit(honest.get(i % honest.size()), label + " " + i).orElseThrow();
    }
    assertThat(
            cluster.runUntil(
                () ->
                    cluster.acknowledged.stream()
                        .allMatch(
                            ack ->
                                honest.stream()
                                    .allMatch(
                                        p ->
                                            cluster
                                                .node(p)
                                                .chain
                                                .blockIndexOf(ack.tx().id())
                                                .isPresent())),
                20_000))
        .as(cluster.describe())
        .isTrue();
  }

  private static void assertNoImpostorBlock(ByzantineCluster cluster) {
    for (ByzantineCluster.Node node : cluster.honest()) {
      for (CommittedBlock block : node.chain.range(0, Integer.MAX_VALUE)) {
        assertThat(block.block().transactions())
            .as("%s appended a block nobody proposed", node.id())
            .noneMatch(tx -> tx.data().equals(ScriptedLiar.IMPOSTOR));
      }
    }
  }
}
