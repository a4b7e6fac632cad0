package io.qkdchain.peer.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.peer.consensus.PeerMessage.Phase;
import io.qkdchain.peer.consensus.RoundKeySource.IssuedRoundKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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

  private static final PeerId P1 = PeerId.of("peer-1");
  private static final PeerId P2 = PeerId.of("peer-2");
  private static final PeerId P3 = PeerId.of("peer-3");
  private static final PeerId P4 = PeerId.of("peer-4");
  private static final List<PeerId> MEMBERS = List.of(P1, P2, P3, P4);
  private static final Round LOCKED_IN = new Round(1, 4);
  private static final Round LIAR_LEADS = new Round(1, 6);

  private final VirtualTime time = new VirtualTime();
  private final SimulatedKme kme = new SimulatedKme(time, 42);
  private final List<PeerMessage.Vote> sentByPeer3 = new ArrayList<>();
  private final MemoryStateStore state = new MemoryStateStore();
  private final RecordingEvents events = new RecordingEvents();
  private final ConsensusSettings settings = SimulatedCluster.fastSettings();
  private ConsensusEngine engine;
  private final Block x = block("x");
  private final Block y = block("y");

  @BeforeEach
  void peer3_locks_x_in_view_4_and_moves_to_view_6() {
    Membership membership = new Membership(MEMBERS, P3, 3);
    MemoryChainStore chain = new MemoryChainStore(P3, new ChainLedger(42, membership));
    Transport capture =
        new Transport() {
          @Override
          public CompletionStage<Void> send(PeerId to, PeerMessage message) {
            if (message instanceof PeerMessage.Vote vote) {
              sentByPeer3.add(vote);
            }
            return CompletableFuture.completedFuture(null);
          }

          @Override
          public CompletionStage<List<CommittedBlock>> fetchBlocks(
              PeerId from, long fromIndex, int limit) {
            return CompletableFuture.completedFuture(List.of());
          }
        };
    VoteOrderSource order =
        members -> new VoteOrderSource.DrawnOrder(List.of(P1, P2, P4, P3), true);
    engine =
        new ConsensusEngine(
            settings,
            membership,
            capture,
            kme.forPeer(P3),
            order,
            chain,
            state,
            new SimulatedLoop(time),
            events,
            new Random(7));
    engine.start();
    time.runFor(10);
    moveTo(LOCKED_IN);
    propose(LOCKED_IN, P2, x, PeerMessage.Proposal.FRESH);
    assertThat(echoes(LOCKED_IN, x)).as("x echoed in view 4").isNotEmpty();
    for (Phase phase : List.of(Phase.ECHO, Phase.ACCEPT)) {
      vote(P1, LOCKED_IN, phase, x);
      vote(P4, LOCKED_IN, phase, x);
    }
    assertThat(state.loadLock()).as("peer-3's lock").isPresent();
    assertThat(state.loadLock().get().round()).isEqualTo(LOCKED_IN);
    moveTo(LIAR_LEADS);
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

  private static Block block(String data) {
    return new Block(
        1,
        Block.genesis().hash(),
        SimulatedLoop.EPOCH_MILLIS,
        List.of(new Transaction("tx-" + data, data)));
  }

  /** Two view changes (f + 1) take peer-3 to {@code round}. */
  private void moveTo(Round round) {
    engine.receive(P1, new PeerMessage.ViewChange(round, Optional.empty()));
    engine.receive(P2, new PeerMessage.ViewChange(round, Optional.empty()));
    time.runFor(10);
    assertThat(engine.snapshot().round()).isEqualTo(round);
  }

  /** A proposal from {@code proposer} with a real round key for peer-3 (others' entries random). */
  private void propose(Round round, PeerId proposer, Block block, int justifyView) {
    byte[] bytes = ProposalBytes.of(round, proposer, justifyView, block);
    int bits = GroupSignature.roundKeyBits(settings.family(), settings.tagBits(), bytes);
    CompletableFuture<IssuedRoundKey> issued =
        kme.forPeer(proposer).issue(P3, bits).toCompletableFuture();
    time.runFor(10);
    IssuedRoundKey key = issued.getNow(null);
    List<String> groupSignature = new ArrayList<>();
    Random random = new Random(1);
    for (PeerId peer : MEMBERS) {
      byte[] keyBytes = new byte[(bits + 7) / 8];
      if (peer.equals(P3)) {
        keyBytes = key.keyBytes().clone();
      } else {
        random.nextBytes(keyBytes);
      }
      groupSignature.add(ReadyKey.of(settings, keyBytes).entry(bytes, peer));
    }
    engine.receive(
        proposer,
        new PeerMessage.Proposal(
            round,
            proposer,
            block,
            justifyView,
            key.handle(),
            "lfsr",
            settings.tagBits(),
            groupSignature));
    time.runFor(20);
  }

  private void vote(PeerId from, Round round, Phase phase, Block block) {
    engine.receive(from, new PeerMessage.Vote(round, phase, block.hash()));
    time.runFor(1);
  }

  private List<PeerMessage.Vote> echoes(Round round, Block block) {
    return sentByPeer3.stream()
        .filter(
            v ->
                v.phase() == Phase.ECHO
                    && v.round().equals(round)
                    && v.blockHash().equals(block.hash()))
        .toList();
  }
}
