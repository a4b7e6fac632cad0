package io.qkdchain.peer.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.peer.consensus.PeerMessage.Phase;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rules E1 and E2, on which the safety argument rests (docs/protocol.md, "Safety argument", step
 * 1), against one real engine, peer-3, with the test playing the other three peers. Peer-3 locks
 * block X in view 4 (proposer peer-2); then, in view 6, peer-4 (here a liar, with its own real
 * round keys) proposes another block Y with every justification an attacker could try. Peer-3 must
 * echo Y only when the justification is at or above its lock and {@code f + 1} members accepted Y
 * in that view.
 */
class JustificationRulesTest {

  private static final PeerId P1 = OneEngine.P1;
  private static final PeerId P2 = OneEngine.P2;
  private static final PeerId P4 = OneEngine.P4;
  private static final Round LOCKED_IN = new Round(1, 4);
  private static final Round LIAR_LEADS = new Round(1, 6);

  private final OneEngine one = new OneEngine();
  private final RecordingEvents events = one.events;
  private final Block x = OneEngine.block("x");
  private final Block y = OneEngine.block("y");

  @BeforeEach
  void peer3_locks_x_in_view_4_and_moves_to_view_6() {
    one.moveTo(LOCKED_IN);
    one.propose(LOCKED_IN, P2, x, PeerMessage.Proposal.FRESH);
    assertThat(echoes(LOCKED_IN, x)).as("x echoed in view 4").isNotEmpty();
    for (Phase phase : List.of(Phase.ECHO, Phase.ACCEPT)) {
      vote(P1, LOCKED_IN, phase, x);
      vote(P4, LOCKED_IN, phase, x);
    }
    assertThat(one.state.loadLock()).as("peer-3's lock").isPresent();
    assertThat(one.state.loadLock().get().round()).isEqualTo(LOCKED_IN);
    one.moveTo(LIAR_LEADS);
  }

  @Test
  void a_fresh_block_is_refused_by_a_locked_peer_e1() {
    propose(LIAR_LEADS, P4, y, PeerMessage.Proposal.FRESH);
    assertThat(echoes(LIAR_LEADS, y)).isEmpty();
    assertThat(events.rejections).anyMatch(r -> r.contains("locked on another block"));
  }

  @Test
  void a_block_justified_below_the_lock_is_refused_even_with_real_accepts_e1() {
    // y really gathered accepts in view 3, below the lock of view 4: not enough.
    vote(P1, new Round(1, 3), Phase.ACCEPT, y);
    vote(P4, new Round(1, 3), Phase.ACCEPT, y);
    propose(LIAR_LEADS, P4, y, 3);
    assertThat(echoes(LIAR_LEADS, y)).isEmpty();
    assertThat(events.rejections).anyMatch(r -> r.contains("locked on another block"));
  }

  @Test
  void a_block_justified_at_a_higher_view_waits_for_f_plus_1_accepts_of_it_there_e2() {
    propose(LIAR_LEADS, P4, y, 5);
    assertThat(echoes(LIAR_LEADS, y)).as("no accept of y in view 5 heard").isEmpty();
    vote(P4, new Round(1, 5), Phase.ACCEPT, y);
    assertThat(echoes(LIAR_LEADS, y)).as("one accept: the liar's own").isEmpty();
    vote(P1, new Round(1, 5), Phase.ACCEPT, y);
    assertThat(echoes(LIAR_LEADS, y))
        .as("f + 1 accepts of y in view 5, above the lock: y may have been decided there")
        .isNotEmpty();
  }

  @Test
  void the_locked_block_itself_is_echoed_whatever_its_justification_e1() {
    propose(LIAR_LEADS, P4, x, PeerMessage.Proposal.FRESH);
    assertThat(echoes(LIAR_LEADS, x)).isNotEmpty();
  }

  private void propose(Round round, PeerId proposer, Block block, int justifyView) {
    one.propose(round, proposer, block, justifyView);
  }

  private void vote(PeerId from, Round round, Phase phase, Block block) {
    one.vote(from, round, phase, block.hash());
  }

  private List<PeerMessage.Vote> echoes(Round round, Block block) {
    return one.votes(Phase.ECHO).stream()
        .filter(v -> v.round().equals(round) && v.blockHash().equals(block.hash()))
        .toList();
  }
}
