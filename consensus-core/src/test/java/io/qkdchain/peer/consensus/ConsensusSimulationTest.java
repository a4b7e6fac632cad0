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

  /** Every peer starts one view up (docs/protocol.md, "Crash and restart"): height 1 in view 1. */
  private static final int START = 1;

  @Test
  void four_peers_commit_a_hundred_rounds_and_all_chains_are_identical_and_valid() {
    SimulatedCluster cluster =
        new SimulatedCluster(1, 4, SimulatedCluster.fastSettings()).startAll();
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
      assertThat(node.events.viewChanges).containsExactly(new Round(1, START));
    }
  }

  @Test
  void
      transactions_submitted_concurrently_to_different_peers_are_each_committed_exactly_once_in_the_same_order() {
    SimulatedCluster cluster =
        new SimulatedCluster(2, 4, SimulatedCluster.fastSettings()).startAll();
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

  @Test
  void with_the_default_quorum_one_crashed_peer_of_four_does_not_stop_commits() {
    SimulatedCluster cluster =
        new SimulatedCluster(3, 4, SimulatedCluster.fastSettings()).startAll();
    cluster.crash(P3);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ids.add(cluster.submit(cluster.peers.get(i % 2), "degraded " + i).orElseThrow().id());
      assertThat(cluster.runUntil(() -> cluster.committedEverywhere(ids), 10_000))
          .as(cluster.describe())
          .isTrue();
    }
    assertThat(cluster.node(P1).chain.height()).isGreaterThanOrEqualTo(5);

    cluster.restart(P3);
    assertThat(cluster.runUntil(() -> cluster.chainsIdentical(), 10_000)).isTrue();
    assertThat(cluster.node(P3).events.catchUpBlocks).isPositive();
  }

  /**
   * Peers of a fresh cluster come up seconds apart. The two up first hold a transaction but have
   * heard from fewer than a quorum, so their view timers wait instead of running them through views
   * no quorum can use (with timers running they would be six views up after 30 s); once the others
   * are up the transaction commits.
   */
  @Test
  void peers_that_heard_from_fewer_than_a_quorum_do_not_time_out() {
    SimulatedCluster cluster = new SimulatedCluster(17, 4, SimulatedCluster.fastSettings());
    cluster.restart(P1);
    cluster.restart(P2);
    String id = cluster.submit(P1, "early").orElseThrow().id();
    cluster.runFor(30_000);
    assertThat(cluster.node(P1).chain.get(1)).as("nothing decided by two of four").isEmpty();
    for (PeerId early : List.of(P1, P2)) {
      assertThat(cluster.node(early).events.viewChanges)
          .as("%s stayed in the view it started in", early)
          .containsExactly(new Round(1, START));
    }
    cluster.restart(P3);
    cluster.restart(P4);
    assertThat(cluster.runUntil(() -> cluster.committedEverywhere(List.of(id)), 10_000))
        .as(cluster.describe())
        .isTrue();
    assertThat(cluster.chainsIdentical()).isTrue();
  }

  /**
   * Two reports that reach a starting peer's engine before it recovered must not move it: acting on
   * them took it to view 1 by synchronisation, and recovery then one view above that promise, so it
   * missed the view everyone else started in (seen once in QkdClusterTest).
   */
  @Test
  void reports_that_arrive_before_recovery_do_not_move_the_starting_peer() {
    SimulatedCluster cluster = new SimulatedCluster(31, 4, SimulatedCluster.fastSettings());
    Round started = new Round(1, START);
    cluster.start(
        P3,
        java.util.Map.of(
            P1, new PeerMessage.ViewChange(started, java.util.Optional.empty()),
            P2, new PeerMessage.ViewChange(started, java.util.Optional.empty())));
    cluster.runFor(5);
    assertThat(cluster.node(P3).events.viewChanges).containsExactly(started);
  }

  /**
   * Every peer's first messages are lost (peers still starting, links still drawing their first QKD
   * keys: what a loaded compose start showed). No peer hears a quorum, so no timer runs that would
   * send its report again; the start-up hello does, to the members not yet heard, and a transaction
   * submitted after the links heal commits within a few view timeouts.
   */
  @Test
  void peers_whose_first_messages_were_all_lost_meet_once_the_links_heal() {
    SimulatedCluster cluster = new SimulatedCluster(29, 4, SimulatedCluster.fastSettings());
    for (PeerId a : cluster.peers) {
      for (PeerId b : cluster.peers) {
        cluster.network.cut(a, b);
      }
    }
    cluster.startAll();
    cluster.runFor(2_000);
    cluster.network.heal();
    long healed = cluster.time.now();
    String id = cluster.submit(P1, "after the heal").orElseThrow().id();
    long viewTimeout = SimulatedCluster.fastSettings().viewTimeout(0).toMillis();
    assertThat(cluster.runUntil(() -> cluster.committedEverywhere(List.of(id)), 5 * viewTimeout))
        .as(cluster.describe())
        .isTrue();
    System.out.printf("committed %d ms after the links healed%n", cluster.time.now() - healed);
    assertThat(cluster.chainsIdentical()).isTrue();
  }

  /**
   * With one member of four crashed, every fourth height's first proposer is the dead member. Its
   * turn times out after an eighth of the view timeout once the others decided two heights without
   * hearing from it, instead of a whole view timeout per turn.
   */
  @Test
  void a_crashed_members_turns_to_propose_cost_an_eighth_of_a_view_timeout() {
    SimulatedCluster cluster =
        new SimulatedCluster(23, 4, SimulatedCluster.fastSettings()).startAll();
    cluster.crash(P4);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) { // past the dead member's first turns, heard from before the crash
      ids.add(cluster.submit(P1, "warm " + i).orElseThrow().id());
      assertThat(cluster.runUntil(() -> cluster.committedEverywhere(ids), 10_000)).isTrue();
    }
    long start = cluster.time.now();
    long heightBefore = cluster.node(P1).chain.height();
    for (int i = 0; i < 24; i++) {
      ids.add(cluster.submit(cluster.peers.get(i % 3), "one at a time " + i).orElseThrow().id());
      assertThat(cluster.runUntil(() -> cluster.committedEverywhere(ids), 10_000))
          .as(cluster.describe())
          .isTrue();
    }
    long turns = (cluster.node(P1).chain.height() - heightBefore) / 4;
    long elapsed = cluster.time.now() - start;
    System.out.printf(
        "24 commits with a dead member: %d ms, about %d dead turns%n", elapsed, turns);
    long viewTimeout = SimulatedCluster.fastSettings().viewTimeout(0).toMillis();
    assertThat(elapsed)
        .as("%d turns of the dead member", turns)
        .isLessThan(turns * viewTimeout / 2 + 24 * 50);
  }

  @Test
  void with_two_of_four_peers_crashed_commits_pause_and_resume_when_one_restarts() {
    SimulatedCluster cluster =
        new SimulatedCluster(4, 4, SimulatedCluster.fastSettings()).startAll();
    String first = cluster.submit(P1, "before the crash").orElseThrow().id();
    assertThat(cluster.runUntil(() -> cluster.committedEverywhere(List.of(first)), 5_000)).isTrue();
    long heightAtCrash = cluster.maxHeight();

    cluster.crash(P3);
    cluster.crash(P4);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ids.add(cluster.submit(cluster.peers.get(i % 2), "while down " + i).orElseThrow().id());
    }
    cluster.runFor(20_000);
    assertThat(cluster.maxHeight())
        .as("2 live peers are fewer than the quorum of 3")
        .isEqualTo(heightAtCrash);

    cluster.restart(P4);
    assertThat(cluster.runUntil(() -> cluster.committedEverywhere(ids), 120_000))
        .as(cluster.describe())
        .isTrue();
  }

  @Test
  void a_silent_proposer_is_replaced_after_the_view_timeout() {
    SimulatedCluster cluster =
        new SimulatedCluster(5, 4, SimulatedCluster.fastSettings()).startAll();
    // proposer(h=1, v=1) is peer-3; its proposals never arrive.
    cluster.network.intercept(
        (from, to, message) ->
            message instanceof PeerMessage.Proposal p && p.round().view() == START
                ? null
                : message);
    String id = cluster.submit(P1, "needs a new proposer").orElseThrow().id();

    assertThat(cluster.runUntil(() -> cluster.committedEverywhere(List.of(id)), 5_000))
        .as(cluster.describe())
        .isTrue();
    CommittedBlock block = cluster.node(P1).chain.get(1).orElseThrow();
    assertThat(block.certificate().round()).isEqualTo(new Round(1, START + 1));
    assertThat(cluster.time.now()).as("waited one view timeout").isGreaterThanOrEqualTo(400);
    assertThat(cluster.node(P1).events.viewChanges).contains(new Round(1, START + 1));
  }

  @Test
  void a_block_locked_in_a_stalled_view_is_proposed_again_in_the_next() {
    SimulatedCluster cluster =
        new SimulatedCluster(6, 4, SimulatedCluster.fastSettings()).startAll();
    // In the first view every peer echoes, accepts and locks, but nobody hears another's lock.
    cluster.network.intercept(
        (from, to, message) ->
            message instanceof PeerMessage.Vote v
                    && v.round().view() == START
                    && v.phase() == PeerMessage.Phase.LOCK
                ? null
                : message);
    String id = cluster.submit(P1, "locked then re-proposed").orElseThrow().id();
    for (SimulatedCluster.Node node : cluster.nodes()) {
      assertThat(cluster.runUntil(() -> node.state.loadLock().isPresent(), 1_000)).isTrue();
      assertThat(node.state.loadLock().orElseThrow().round()).isEqualTo(new Round(1, START));
    }
    String locked = cluster.node(P1).state.loadLock().orElseThrow().block().hash();

    assertThat(cluster.runUntil(() -> cluster.committedEverywhere(List.of(id)), 5_000))
        .as(cluster.describe())
        .isTrue();
    CommittedBlock block = cluster.node(P2).chain.get(1).orElseThrow();
    assertThat(block.certificate().round().view()).isEqualTo(START + 1);
    assertThat(block.certificate().blockHash()).isEqualTo(locked);
  }

  @Test
  void a_proposal_whose_block_was_changed_after_the_mac_is_rejected_by_the_peers_it_reaches() {
    SimulatedCluster cluster =
        new SimulatedCluster(7, 4, SimulatedCluster.fastSettings()).startAll();
    cluster.network.intercept(
        (from, to, message) -> {
          if (message instanceof PeerMessage.Proposal p
              && p.round().view() == START
              && to.equals(P2)) {
            Block b = p.block();
            Block forged =
                new Block(
                    b.index(),
                    b.previousBlockHash(),
                    b.timestamp(),
                    List.of(new Transaction(b.transactions().get(0).id(), "pay mallory")));
            return new PeerMessage.Proposal(
                p.round(),
                p.proposer(),
                forged,
                p.justifyView(),
                p.keyHandle(),
                p.family(),
                p.tagBits(),
                p.groupSignature());
          }
          return message;
        });
    String id = cluster.submit(P1, "pay alice").orElseThrow().id();

    assertThat(cluster.runUntil(() -> cluster.committedEverywhere(List.of(id)), 10_000))
        .as(cluster.describe())
        .isTrue();
    assertThat(cluster.node(P2).events.rejections)
        .anySatisfy(reason -> assertThat(reason).contains("MAC does not verify"));
    assertThat(cluster.node(P2).events.misbehaviour)
        .extracting(RecordingEvents.Evidence::member, RecordingEvents.Evidence::kind)
        .contains(org.assertj.core.groups.Tuple.tuple(P3, Misbehaviour.BAD_MAC));
    for (SimulatedCluster.Node node : cluster.nodes()) {
      assertThat(node.chain.get(1).orElseThrow().block().transactions().get(0).data())
          .isEqualTo("pay alice");
    }
  }

  @Test
  void a_proposal_with_a_wrong_key_handle_is_rejected_and_casts_no_vote() {
    SimulatedCluster cluster =
        new SimulatedCluster(8, 4, SimulatedCluster.fastSettings()).startAll();
    cluster.network.intercept(
        (from, to, message) -> {
          if (message instanceof PeerMessage.Proposal p
              && p.round().view() == START
              && to.equals(P4)) {
            return new PeerMessage.Proposal(
                p.round(),
                p.proposer(),
                p.block(),
                p.justifyView(),
                new KeyHandle.QkdKeyIds(List.of("key-that-was-never-issued")),
                p.family(),
                p.tagBits(),
                p.groupSignature());
          }
          return message;
        });
    String id = cluster.submit(P1, "keyed wrongly for peer-4").orElseThrow().id();

    assertThat(cluster.runUntil(() -> cluster.committedEverywhere(List.of(id)), 10_000))
        .as(cluster.describe())
        .isTrue();
    assertThat(cluster.node(P4).events.rejections)
        .anySatisfy(reason -> assertThat(reason).contains("round key unavailable"));
    assertThat(cluster.node(P4).events.votesCast)
        .as("no echo by peer-4 for the proposal it could not authenticate")
        .noneMatch(cast -> cast.phase() == PeerMessage.Phase.ECHO)
        .anyMatch(cast -> cast.phase() == PeerMessage.Phase.LOCK);
    CommitCertificate view0 = cluster.node(P1).chain.get(1).orElseThrow().certificate();
    assertThat(view0.round().view()).as("the other three are a quorum").isEqualTo(START);
  }

  @Test
  void a_restarted_peer_does_not_return_to_a_view_it_promised_to_leave() {
    SimulatedCluster cluster =
        new SimulatedCluster(9, 4, SimulatedCluster.fastSettings()).startAll();
    cluster.network.intercept(
        (from, to, message) -> message instanceof PeerMessage.Proposal ? null : message);
    cluster.submit(P1, "never proposed successfully").orElseThrow();
    assertThat(cluster.runUntil(() -> cluster.engine(1).snapshot().round().view() >= 2, 5_000))
        .isTrue();
    Round promised = cluster.node(P1).state.loadView().orElseThrow();

    cluster.crash(P1);
    cluster.restart(P1);
    cluster.runFor(1);
    assertThat(cluster.engine(1).snapshot().round().view())
        .as("resumes above the promised view: it may have echoed there before the crash")
        .isGreaterThan(promised.view());
  }

  @Test
  void a_proposal_withheld_from_a_peer_reaches_it_along_a_qrng_ordered_vote_chain_and_it_echoes() {
    SimulatedCluster cluster =
        new SimulatedCluster(10, 4, SimulatedCluster.fastSettings()).startAll();
    cluster.network.intercept(
        (from, to, message) ->
            message instanceof PeerMessage.Proposal && to.equals(P4) ? null : message);
    String id = cluster.submit(P1, "withheld from peer-4").orElseThrow().id();

    assertThat(cluster.runUntil(() -> cluster.committedEverywhere(List.of(id)), 5_000))
        .as(cluster.describe())
        .isTrue();
    String hash = cluster.node(P4).chain.get(1).orElseThrow().certificate().blockHash();
    assertThat(cluster.node(P4).events.votesCast)
        .as("peer-4 echoed the block it never received from its proposer")
        .contains(new RecordingEvents.CastVote(new Round(1, START), PeerMessage.Phase.ECHO, hash));
    assertThat(cluster.node(P4).events.viewChanges).containsExactly(new Round(1, START));
  }
}
