package io.qkdchain.peer.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.peer.consensus.PeerMessage.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Crash and restart (docs/protocol.md, "Crash and restart") of one real engine, peer-3 of four:
 * killed, then started again on its disk. It resumes one view above every view it promised or
 * locked in at its height (so it never echoes twice in a view), reports its lock, and tells every
 * member again the accepts it saved and the accept and lock its lock implies.
 */
class RestartTest {

  private static final PeerId P1 = OneEngine.P1;
  private static final PeerId P2 = OneEngine.P2;
  private static final PeerId P4 = OneEngine.P4;
  private static final Round LOCKED_IN = new Round(1, 4);

  private final OneEngine before = new OneEngine();
  private final Block x = OneEngine.block("x");

  /** peer-3 accepts x in view 4, proposed by peer-2; with {@code lock}, it locks it too. */
  private void acceptX(boolean lock) {
    before.moveTo(LOCKED_IN);
    before.propose(LOCKED_IN, P2, x, PeerMessage.Proposal.FRESH);
    before.vote(P1, LOCKED_IN, Phase.ECHO, x.hash());
    before.vote(P4, LOCKED_IN, Phase.ECHO, x.hash());
    assertThat(before.votes(Phase.ACCEPT)).hasSize(3);
    if (lock) {
      before.vote(P1, LOCKED_IN, Phase.ACCEPT, x.hash());
      before.vote(P4, LOCKED_IN, Phase.ACCEPT, x.hash());
      assertThat(before.state.loadLock().map(VoteLock::round)).contains(LOCKED_IN);
    }
  }

  @Test
  void a_locked_peer_resumes_above_its_lock_reports_it_and_repeats_its_accept_and_lock() {
    acceptX(true);
    OneEngine after = OneEngine.restartOf(before);
    assertThat(after.engine.snapshot().round()).isEqualTo(new Round(1, 5));
    assertThat(reportsOf(after))
        .as("its view change to every member names its lock")
        .hasSize(3)
        .allMatch(r -> r.round().equals(new Round(1, 5)))
        .allMatch(r -> r.lock().map(VoteLock::round).equals(Optional.of(LOCKED_IN)))
        .allMatch(r -> r.lock().get().block().equals(x));
    assertThat(repeated(after)).containsOnly("ACCEPT " + x.hash(), "LOCK " + x.hash());
    assertThat(repeated(after)).hasSize(6);
  }

  @Test
  void a_restarted_peer_decides_its_locked_block_from_the_copy_in_its_lock() {
    acceptX(true);
    OneEngine after = OneEngine.restartOf(before);
    after.vote(P1, LOCKED_IN, Phase.COMMIT, x.hash());
    after.vote(P2, LOCKED_IN, Phase.COMMIT, x.hash());
    after.vote(P4, LOCKED_IN, Phase.COMMIT, x.hash());
    assertThat(after.engine.height()).as("no proposal seen since the restart").isEqualTo(2);
    assertThat(after.chain.tip().block()).isEqualTo(x);
  }

  @Test
  void a_peer_resumes_one_view_above_its_promise_when_that_is_above_its_lock() {
    acceptX(true);
    before.moveTo(new Round(1, 7));
    OneEngine after = OneEngine.restartOf(before);
    assertThat(after.engine.snapshot().round()).isEqualTo(new Round(1, 8));
  }

  @Test
  void an_accept_saved_without_a_lock_is_told_again_after_a_restart() {
    acceptX(false);
    OneEngine after = OneEngine.restartOf(before);
    assertThat(after.engine.snapshot().round()).isEqualTo(new Round(1, 5));
    assertThat(repeated(after))
        .containsExactly("ACCEPT " + x.hash(), "ACCEPT " + x.hash(), "ACCEPT " + x.hash());
    assertThat(reportsOf(after)).allMatch(r -> r.lock().isEmpty());
  }

  @Test
  void a_restarted_peer_does_not_accept_twice_in_a_view_it_accepted_in() {
    acceptX(false);
    OneEngine after = OneEngine.restartOf(before);
    // The other accepts of view 4 arrive: f + 1 of them would make a peer that had not accepted
    // there send its accept; peer-3 had, before it crashed, and says so no second time.
    int sentBefore = after.votes(Phase.ACCEPT).size();
    after.vote(P1, LOCKED_IN, Phase.ACCEPT, x.hash());
    after.vote(P4, LOCKED_IN, Phase.ACCEPT, x.hash());
    assertThat(after.votes(Phase.ACCEPT)).hasSize(sentBefore);
  }

  @Test
  void a_lock_and_promise_of_a_height_already_decided_bind_nothing_at_the_next() {
    acceptX(true);
    before.vote(P1, LOCKED_IN, Phase.LOCK, x.hash());
    before.vote(P4, LOCKED_IN, Phase.LOCK, x.hash());
    before.vote(P1, LOCKED_IN, Phase.COMMIT, x.hash());
    before.vote(P4, LOCKED_IN, Phase.COMMIT, x.hash());
    assertThat(before.engine.height()).isEqualTo(2);
    OneEngine after = OneEngine.restartOf(before);
    assertThat(after.engine.snapshot().round())
        .as("view 1 of height 2, as after any start")
        .isEqualTo(new Round(2, 1));
    assertThat(reportsOf(after)).allMatch(r -> r.lock().isEmpty());
    assertThat(repeated(after)).isEmpty();
  }

  private static List<PeerMessage.ViewChange> reportsOf(OneEngine engine) {
    return engine.sent.stream()
        .filter(m -> m instanceof PeerMessage.ViewChange)
        .map(m -> (PeerMessage.ViewChange) m)
        .toList();
  }

  /** The votes the restarted peer sent before hearing anything: what it told again. */
  private static List<String> repeated(OneEngine engine) {
    List<String> votes = new ArrayList<>();
    for (PeerMessage m : engine.sent) {
      if (m instanceof PeerMessage.Vote v) {
        votes.add(v.phase() + " " + v.blockHash());
      }
    }
    return votes;
  }
}
