package io.qkdchain.peer.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One real engine, peer-3, with the test playing the three other peers message by message, so every
 * vote's effect can be seen (docs/protocol.md, "One view"). Peer-3 starts (as every peer does) one
 * view up, in view 1; two view changes for view 4 bring it there, where peer-2 leads height 1.
 */
class VoteCountingTest {

  private static final PeerId P1 = OneEngine.P1;
  private static final PeerId P2 = OneEngine.P2;
  private static final PeerId P3 = OneEngine.P3;
  private static final PeerId P4 = OneEngine.P4;
  private static final PeerId OUTSIDER = PeerId.of("peer-9");
  private static final Round ROUND = new Round(1, 4);

  private final OneEngine one = new OneEngine();
  private final ConsensusEngine engine = one.engine;
  private final RecordingEvents events = one.events;
  private final MemoryStateStore state = one.state;
  private final MemoryChainStore chain = one.chain;
  private String blockHash;

  @BeforeEach
  void peer3_accepts_a_proposal_from_peer2() {
    one.moveTo(ROUND);
    Block block = OneEngine.block("hello");
    blockHash = block.hash();
    one.propose(ROUND, P2, block, PeerMessage.Proposal.FRESH);
    assertThat(events.proposalsAccepted).isEqualTo(1);
  }

  @Test
  void the_accepted_proposal_is_echoed_to_every_peer_once() {
    assertThat(sent(PeerMessage.Phase.ECHO))
        .hasSize(3)
        .allMatch(v -> v.blockHash().equals(blockHash));
    assertThat(engine.snapshot().votes()).as("its own echo").isEqualTo(1);
  }

  @Test
  void it_accepts_at_exactly_a_quorum_of_echoes_and_not_one_before() {
    vote(P1, PeerMessage.Phase.ECHO, blockHash);
    assertThat(sent(PeerMessage.Phase.ACCEPT)).isEmpty();
    vote(P4, PeerMessage.Phase.ECHO, blockHash);
    assertThat(sent(PeerMessage.Phase.ACCEPT)).hasSize(3);
  }

  @Test
  void a_duplicate_echo_counts_once() {
    vote(P1, PeerMessage.Phase.ECHO, blockHash);
    vote(P1, PeerMessage.Phase.ECHO, blockHash);
    assertThat(engine.snapshot().votes()).isEqualTo(2);
    assertThat(sent(PeerMessage.Phase.ACCEPT)).isEmpty();
  }

  @Test
  void a_second_different_echo_from_one_member_is_equivocation_and_counts_nothing() {
    vote(P1, PeerMessage.Phase.ECHO, "ab".repeat(32));
    vote(P1, PeerMessage.Phase.ECHO, blockHash);
    assertThat(engine.snapshot().votes()).isEqualTo(1);
    assertThat(events.misbehaviour)
        .extracting(RecordingEvents.Evidence::member, RecordingEvents.Evidence::kind)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(P1, Misbehaviour.EQUIVOCATION));
  }

  @Test
  void a_vote_from_a_non_member_counts_zero() {
    vote(OUTSIDER, PeerMessage.Phase.ECHO, blockHash);
    vote(OUTSIDER, PeerMessage.Phase.ACCEPT, blockHash);
    vote(P1, PeerMessage.Phase.ACCEPT, blockHash);
    assertThat(engine.snapshot().votes()).isEqualTo(1);
    assertThat(sent(PeerMessage.Phase.ACCEPT))
        .as("f + 1 = 2 members, not 1 and a stranger")
        .isEmpty();
  }

  @Test
  void f_plus_1_accepts_make_it_accept_without_a_quorum_of_echoes() {
    vote(P1, PeerMessage.Phase.ACCEPT, blockHash);
    assertThat(sent(PeerMessage.Phase.ACCEPT)).isEmpty();
    vote(P4, PeerMessage.Phase.ACCEPT, blockHash);
    assertThat(sent(PeerMessage.Phase.ACCEPT)).hasSize(3);
  }

  @Test
  void it_locks_on_a_quorum_of_accepts_and_persists_the_lock_before_its_lock_vote_leaves() {
    vote(P1, PeerMessage.Phase.ACCEPT, blockHash);
    vote(P4, PeerMessage.Phase.ACCEPT, blockHash);
    assertThat(sent(PeerMessage.Phase.LOCK)).hasSize(3);
    assertThat(one.lockDurableWhenLockVoteSent).containsOnly(ROUND);
    assertThat(state.loadLock().orElseThrow().block().hash()).isEqualTo(blockHash);
  }

  @Test
  void a_quorum_of_locks_makes_it_commit_and_a_quorum_of_commits_decides() {
    vote(P1, PeerMessage.Phase.LOCK, blockHash);
    vote(P2, PeerMessage.Phase.LOCK, blockHash);
    assertThat(sent(PeerMessage.Phase.COMMIT)).as("two locks, and none of its own").isEmpty();
    vote(P4, PeerMessage.Phase.LOCK, blockHash);
    assertThat(sent(PeerMessage.Phase.COMMIT)).hasSize(3);
    assertThat(engine.height()).as("its own commit only").isEqualTo(1);
    vote(P1, PeerMessage.Phase.COMMIT, blockHash);
    assertThat(engine.height()).isEqualTo(1);
    vote(P4, PeerMessage.Phase.COMMIT, blockHash);
    assertThat(engine.height()).isEqualTo(2);
    assertThat(chain.tip().certificate().lockedBy()).containsExactly(P1, P3, P4);
    assertThat(chain.tip().certificate().round()).isEqualTo(ROUND);
  }

  @Test
  void f_plus_1_commits_make_it_commit_without_a_lock_quorum() {
    vote(P1, PeerMessage.Phase.COMMIT, blockHash);
    assertThat(sent(PeerMessage.Phase.COMMIT)).isEmpty();
    vote(P2, PeerMessage.Phase.COMMIT, blockHash);
    assertThat(sent(PeerMessage.Phase.COMMIT)).hasSize(3);
    assertThat(engine.height()).as("its own and two more: a quorum").isEqualTo(2);
  }

  @Test
  void locks_for_another_block_do_not_decide_it_and_contradict_what_f_plus_1_accepted() {
    String other = "cd".repeat(32);
    vote(P1, PeerMessage.Phase.ACCEPT, blockHash);
    vote(P4, PeerMessage.Phase.ACCEPT, blockHash);
    vote(P1, PeerMessage.Phase.LOCK, other);
    vote(P2, PeerMessage.Phase.LOCK, other);
    vote(P4, PeerMessage.Phase.LOCK, other);
    assertThat(engine.height()).isEqualTo(1);
    assertThat(events.misbehaviour)
        .filteredOn(e -> e.kind() == Misbehaviour.CONTRADICTION)
        .extracting(RecordingEvents.Evidence::member)
        .contains(P2);
  }

  private List<PeerMessage.Vote> sent(PeerMessage.Phase phase) {
    return one.votes(phase);
  }

  private void vote(PeerId from, PeerMessage.Phase phase, String hash) {
    one.vote(from, ROUND, phase, hash);
  }
}
