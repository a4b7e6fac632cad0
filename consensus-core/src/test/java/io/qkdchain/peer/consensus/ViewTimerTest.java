package io.qkdchain.peer.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The view timer (docs/protocol.md, "Views", "Timer"; "Hello at start") on one real engine, peer-3
 * of four, with the test playing the other members. Timers decide nothing, so safety does not rest
 * on them; they are step 1 of the liveness argument (a stuck view is left, and views meet). Each
 * rule is checked by when peer-3 leaves its view: {@code viewTimeout * 2^min(v, 6)} after the timer
 * is armed, a short {@code viewTimeout / 8} in a view 0 whose proposer was silent for two heights,
 * and never without work or before a quorum was heard.
 */
class ViewTimerTest {

  private static final PeerId P1 = OneEngine.P1;
  private static final PeerId P2 = OneEngine.P2;
  private static final PeerId P3 = OneEngine.P3;
  private static final PeerId P4 = OneEngine.P4;

  /** Longer than any view timeout (64 times the view timeout of view 0). */
  private static final long FOREVER = 100_000;

  private final OneEngine one = new OneEngine();
  private final long timeout = one.settings.viewTimeout().toMillis();

  @Test
  void no_timer_runs_before_a_quorum_was_heard_and_the_message_completing_it_arms_it() {
    submit("work");
    one.time.runFor(FOREVER);
    assertThat(view()).as("only itself heard").isEqualTo(1);
    hear(P1);
    one.time.runFor(FOREVER);
    assertThat(view()).as("two of the quorum of three heard").isEqualTo(1);
    hear(P2);
    assertThat(millisToNextView()).as("the view timeout of view 1").isEqualTo(2 * timeout);
  }

  @Test
  void until_a_quorum_is_heard_its_report_is_sent_again_to_each_member_not_heard_from() {
    PeerMessage.ViewChange report = new PeerMessage.ViewChange(new Round(1, 1), Optional.empty());
    int before = one.sent.size();
    one.time.runFor(timeout / 4 + 1);
    assertThat(sentSince(before)).as("one hello to each unheard member").hasSize(3);
    assertThat(recipientsSince(before)).containsExactlyInAnyOrder(P1, P2, P4);
    assertThat(sentSince(before)).allMatch(report::equals);

    hear(P1);
    before = one.sent.size();
    one.time.runFor(timeout / 4);
    assertThat(recipientsSince(before)).as("P1 was heard").containsExactlyInAnyOrder(P2, P4);

    hear(P2);
    before = one.sent.size();
    one.time.runFor(FOREVER);
    assertThat(sentSince(before)).as("a quorum heard: no more hellos").isEmpty();
  }

  @Test
  void a_peer_without_work_does_not_time_out_in_the_view_it_resumed_in_but_with_work_it_does() {
    hear(P1);
    hear(P2);
    one.time.runFor(FOREVER);
    assertThat(view()).as("no pending transaction, no proposal, the view resumed in").isEqualTo(1);
    submit("work");
    assertThat(millisToNextView()).isEqualTo(2 * timeout);
  }

  @Test
  void a_proposal_is_work_even_with_an_empty_pool() {
    hear(P1);
    hear(P2);
    catchUpTo(3);
    one.time.runFor(FOREVER);
    assertThat(one.engine.snapshot().round()).as("nothing to do").isEqualTo(new Round(3, 0));
    one.propose(new Round(3, 0), P4, blockAt(3, "proposed"), PeerMessage.Proposal.FRESH);
    assertThat(one.events.proposalsAccepted).isEqualTo(1);
    one.time.runFor(timeout);
    assertThat(one.engine.snapshot().round()).isEqualTo(new Round(3, 1));
  }

  @Test
  void a_view_it_was_moved_to_is_work_and_each_timeout_doubles_up_to_64_times_the_first() {
    one.engine.receive(P1, new PeerMessage.ViewChange(new Round(1, 4), Optional.empty()));
    one.engine.receive(P2, new PeerMessage.ViewChange(new Round(1, 4), Optional.empty()));
    one.time.runFor(0);
    assertThat(view()).isEqualTo(4);
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      waits.add(millisToNextView());
    }
    assertThat(waits)
        .as("views 4 to 8, no transaction anywhere")
        .containsExactly(16 * timeout, 32 * timeout, 64 * timeout, 64 * timeout, 64 * timeout);
    assertThat(one.events.viewChanges)
        .containsSubsequence(new Round(1, 4), new Round(1, 5), new Round(1, 9));
  }

  @Test
  void a_view_0_whose_proposer_was_silent_for_two_heights_times_out_after_an_eighth() {
    hear(P1);
    hear(P2);
    submit("work");
    one.time.runFor(1);
    // peer-4 never spoke; the others decided heights 1 and 2 without it.
    catchUpTo(3);
    assertThat(one.engine.snapshot().round()).isEqualTo(new Round(3, 0));
    assertThat(one.engine.snapshot().proposer()).isEqualTo(P4);
    long armedAt = one.time.now();
    one.time.runUntil(() -> view() == 1, FOREVER);
    assertThat(one.time.now() - armedAt)
        .as("view (3, 0) led by silent peer-4")
        .isEqualTo(timeout / 8);
    assertThat(millisToNextView())
        .as("view (3, 1), led by peer-1, last heard at height 1: a full turn above view 0")
        .isEqualTo(2 * timeout);
  }

  @Test
  void a_proposer_heard_one_height_ago_gets_its_full_view_0_turn() {
    hear(P1);
    hear(P2);
    submit("work");
    one.time.runFor(1);
    catchUpTo(2);
    hear(P4);
    catchUpTo(3);
    assertThat(one.engine.snapshot().round()).isEqualTo(new Round(3, 0));
    assertThat(millisToNextView()).as("peer-4 heard at height 2").isEqualTo(timeout);
  }

  @Test
  void a_proposer_never_heard_gets_its_full_turn_at_the_first_height_this_peer_works_at() {
    hear(P1);
    hear(P2);
    catchUpTo(3);
    submit("work");
    assertThat(one.engine.snapshot().proposer()).isEqualTo(P4);
    assertThat(millisToNextView()).as("no height passed since it began timing").isEqualTo(timeout);
  }

  @Test
  void an_idle_peer_asks_for_blocks_every_four_view_timeouts() {
    hear(P1);
    hear(P2);
    List<CommittedBlock> chain =
        List.of(
            CommittedBlock.genesis(),
            new CommittedBlock(
                blockAt(1, "missed", CommittedBlock.genesis()),
                new CommitCertificate(
                    new Round(1, 0),
                    blockAt(1, "missed", CommittedBlock.genesis()).hash(),
                    List.of(P1, P2, P4))));
    one.chainsOf.put(P1, chain);
    one.chainsOf.put(P2, chain);
    one.time.runFor(4 * timeout - 20);
    assertThat(one.engine.height()).isEqualTo(1);
    one.time.runFor(4 * timeout);
    assertThat(one.engine.height()).as("caught up by the idle probe").isEqualTo(2);
  }

  @Test
  void f_view_changes_move_nobody_and_one_heard_at_an_earlier_height_does_not_count_at_the_next() {
    one.engine.receive(P1, new PeerMessage.ViewChange(new Round(1, 5), Optional.empty()));
    one.time.runFor(0);
    assertThat(view()).as("f = 1 member asked for view 5").isEqualTo(1);
    catchUpTo(2);
    one.engine.receive(P4, new PeerMessage.ViewChange(new Round(2, 5), Optional.empty()));
    one.time.runFor(0);
    assertThat(one.engine.snapshot().round())
        .as("one member asked at height 2; peer-1's request was for height 1")
        .isEqualTo(new Round(2, 0));
  }

  @Test
  void a_peer_never_cuts_short_its_own_view_0_turn() {
    hear(P1);
    hear(P2);
    catchUpTo(2);
    assertThat(one.engine.snapshot().proposer()).isEqualTo(P3);
    submit("work");
    long armedAt = one.time.now();
    one.time.runUntil(() -> view() == 1, FOREVER);
    assertThat(one.time.now() - armedAt).isEqualTo(timeout);
  }

  private int view() {
    return one.engine.snapshot().round().view();
  }

  private void submit(String data) {
    one.engine.submit(data);
    one.time.runFor(0);
  }

  /** Any message from {@code member} is hearing from it: an empty gossip. */
  private void hear(PeerId member) {
    one.engine.receive(member, new PeerMessage.TxGossip(List.of()));
    one.time.runFor(0);
  }

  /** Virtual milliseconds until peer-3 enters its next view (timing out: nobody else moves). */
  private long millisToNextView() {
    long start = one.time.now();
    int next = view() + 1;
    assertThat(one.time.runUntil(() -> view() == next, FOREVER)).as("left the view").isTrue();
    return one.time.now() - start;
  }

  /** peer-1 and peer-2 (f + 1) hold a chain up to {@code height - 1}; peer-3 catches up to it. */
  private void catchUpTo(long height) {
    List<CommittedBlock> chain = new ArrayList<>(List.of(CommittedBlock.genesis()));
    for (long i = 1; i < height; i++) {
      Block block = blockAt(i, "decided", chain.get(chain.size() - 1));
      chain.add(
          new CommittedBlock(
              block, new CommitCertificate(new Round(i, 0), block.hash(), List.of(P1, P2, P4))));
    }
    one.chainsOf.put(P1, chain);
    one.chainsOf.put(P2, chain);
    // A vote for a later height sends peer-3 to catch up from every member.
    one.engine.receive(
        P2, new PeerMessage.Vote(new Round(height, 0), PeerMessage.Phase.COMMIT, "00".repeat(32)));
    one.time.runFor(0);
    assertThat(one.engine.height()).isEqualTo(height);
  }

  /** A block at {@code index} linking to peer-3's tip. */
  private Block blockAt(long index, String data) {
    return blockAt(index, data, one.chain.tip());
  }

  private static Block blockAt(long index, String data, CommittedBlock tip) {
    return new Block(
        index,
        tip.certificate().blockHash(),
        SimulatedLoop.EPOCH_MILLIS,
        List.of(new Transaction(data + "-" + index, data + " " + index)));
  }

  private List<PeerMessage> sentSince(int index) {
    return one.sent.subList(index, one.sent.size());
  }

  private List<PeerId> recipientsSince(int index) {
    return one.sentTo.subList(index, one.sentTo.size());
  }
}
