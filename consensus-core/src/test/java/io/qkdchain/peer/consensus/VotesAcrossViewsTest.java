package io.qkdchain.peer.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.peer.consensus.PeerMessage.Phase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The votes of earlier views of a height (docs/protocol.md, "One view", steps 4-7, and "Entering a
 * view"), on one real engine, peer-3 of four, with the test playing the other members: echoes count
 * only in the current view, only the current view locks, accepts and commits of earlier views still
 * amplify and decide, a decided block never seen is fetched, and a peer entering a view tells
 * everyone again the votes it cast in earlier ones.
 */
class VotesAcrossViewsTest {

  private static final PeerId P1 = OneEngine.P1;
  private static final PeerId P2 = OneEngine.P2;
  private static final PeerId P4 = OneEngine.P4;
  private static final Round EARLIER = new Round(1, 4);
  private static final Round LATER = new Round(1, 6);

  private final OneEngine one = new OneEngine();
  private final Block x = OneEngine.block("x");

  /** peer-3 echoes x, proposed by peer-2 in view 4. */
  private void echoXInView4() {
    one.moveTo(EARLIER);
    one.propose(EARLIER, P2, x, PeerMessage.Proposal.FRESH);
    assertThat(cast(Phase.ECHO, EARLIER)).isNotEmpty();
  }

  @Test
  void echoes_of_a_view_left_count_nothing() {
    echoXInView4();
    one.moveTo(LATER);
    vote(P1, EARLIER, Phase.ECHO, x);
    vote(P4, EARLIER, Phase.ECHO, x);
    assertThat(cast(Phase.ACCEPT, EARLIER))
        .as("its own echo and two more, but in view 4")
        .isEmpty();
    assertThat(one.events.ignored).anyMatch(i -> i.contains("echo for a view this peer has left"));
  }

  @Test
  void accepts_of_an_earlier_view_amplify_but_do_not_lock() {
    echoXInView4();
    one.moveTo(LATER);
    vote(P1, EARLIER, Phase.ACCEPT, x);
    assertThat(cast(Phase.ACCEPT, EARLIER)).as("f accepts").isEmpty();
    vote(P2, EARLIER, Phase.ACCEPT, x);
    assertThat(cast(Phase.ACCEPT, EARLIER)).as("f + 1 accepts: amplified").hasSize(3);
    vote(P4, EARLIER, Phase.ACCEPT, x);
    assertThat(one.votes(Phase.LOCK)).as("a quorum of accepts, but not in view 6").isEmpty();
    assertThat(one.state.loadLock()).isEmpty();
  }

  @Test
  void a_quorum_of_accepts_heard_before_the_proposal_locks_once_the_block_arrives_and_only_once() {
    one.moveTo(EARLIER);
    vote(P1, EARLIER, Phase.ACCEPT, x);
    vote(P4, EARLIER, Phase.ACCEPT, x);
    assertThat(cast(Phase.ACCEPT, EARLIER)).as("f + 1 accepts: amplified").hasSize(3);
    assertThat(one.votes(Phase.LOCK)).as("a quorum of accepts, but x unknown").isEmpty();
    one.propose(EARLIER, P2, x, PeerMessage.Proposal.FRESH);
    assertThat(cast(Phase.LOCK, EARLIER)).hasSize(3);
    assertThat(one.lockDurableWhenLockVoteSent).containsOnly(EARLIER);
    vote(P2, EARLIER, Phase.ACCEPT, x);
    assertThat(cast(Phase.LOCK, EARLIER)).as("one lock vote per view").hasSize(3);
  }

  @Test
  void a_quorum_of_commits_in_an_earlier_view_decides_the_block() {
    echoXInView4();
    one.moveTo(LATER);
    vote(P1, EARLIER, Phase.COMMIT, x);
    vote(P2, EARLIER, Phase.COMMIT, x);
    vote(P4, EARLIER, Phase.COMMIT, x);
    assertThat(one.engine.height()).isEqualTo(2);
    assertThat(one.chain.tip().block()).isEqualTo(x);
    assertThat(one.chain.tip().certificate().round()).isEqualTo(EARLIER);
  }

  @Test
  void a_decided_block_never_seen_is_fetched_from_the_members_at_once() {
    one.moveTo(EARLIER);
    List<CommittedBlock> chain =
        List.of(
            CommittedBlock.genesis(),
            new CommittedBlock(x, new CommitCertificate(EARLIER, x.hash(), List.of(P1, P2, P4))));
    one.chainsOf.put(P1, chain);
    one.chainsOf.put(P4, chain);
    vote(P1, EARLIER, Phase.COMMIT, x);
    vote(P2, EARLIER, Phase.COMMIT, x);
    vote(P4, EARLIER, Phase.COMMIT, x);
    one.time.runFor(10);
    assertThat(one.engine.height())
        .as("fetched at once, not at a timeout or idle probe")
        .isEqualTo(2);
    assertThat(one.chain.tip().block()).isEqualTo(x);
  }

  @Test
  void a_late_proposal_of_an_earlier_view_supplies_the_block_its_commit_quorum_decided() {
    one.moveTo(new Round(1, 5));
    vote(P1, EARLIER, Phase.COMMIT, x);
    vote(P2, EARLIER, Phase.COMMIT, x);
    vote(P4, EARLIER, Phase.COMMIT, x);
    assertThat(one.engine.height()).as("x unknown").isEqualTo(1);
    one.propose(EARLIER, P2, x, PeerMessage.Proposal.FRESH);
    assertThat(one.engine.height()).isEqualTo(2);
    assertThat(one.chain.tip().block()).isEqualTo(x);
    assertThat(cast(Phase.ECHO, EARLIER)).as("nothing echoed in a view left").isEmpty();
  }

  @Test
  void
      entering_a_view_tells_every_member_again_the_accept_lock_and_commit_votes_of_earlier_views() {
    echoXInView4();
    vote(P1, EARLIER, Phase.ECHO, x);
    vote(P4, EARLIER, Phase.ECHO, x);
    vote(P1, EARLIER, Phase.ACCEPT, x);
    vote(P4, EARLIER, Phase.ACCEPT, x);
    vote(P1, EARLIER, Phase.LOCK, x);
    vote(P4, EARLIER, Phase.LOCK, x);
    assertThat(cast(Phase.COMMIT, EARLIER)).hasSize(3);
    int before = one.sent.size();
    one.moveTo(LATER);
    List<String> again = new ArrayList<>();
    for (int i = before; i < one.sent.size(); i++) {
      if (one.sent.get(i) instanceof PeerMessage.Vote v) {
        assertThat(v.round()).isEqualTo(EARLIER);
        assertThat(v.blockHash()).isEqualTo(x.hash());
        again.add(v.phase() + " to " + one.sentTo.get(i));
      }
    }
    assertThat(again)
        .containsExactlyInAnyOrder(
            "ACCEPT to peer-1",
            "ACCEPT to peer-2",
            "ACCEPT to peer-4",
            "LOCK to peer-1",
            "LOCK to peer-2",
            "LOCK to peer-4",
            "COMMIT to peer-1",
            "COMMIT to peer-2",
            "COMMIT to peer-4");
  }

  private void vote(PeerId from, Round round, Phase phase, Block block) {
    one.vote(from, round, phase, block.hash());
  }

  private List<PeerMessage.Vote> cast(Phase phase, Round round) {
    return one.votes(phase).stream().filter(v -> v.round().equals(round)).toList();
  }
}
