package io.qkdchain.peer.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.peer.consensus.RoundKeySource.IssuedRoundKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One real engine, peer-3, with the test playing the three other peers message by message, so every
 * vote's effect can be seen (docs/protocol.md, "One view"). Peer-3 starts (as every peer does) one
 * view up, in view 1; two view changes for view 4 bring it there, where peer-2 leads height 1.
 */
class VoteCountingTest {

  private static final PeerId P1 = PeerId.of("peer-1");
  private static final PeerId P2 = PeerId.of("peer-2");
  private static final PeerId P3 = PeerId.of("peer-3");
  private static final PeerId P4 = PeerId.of("peer-4");
  private static final PeerId OUTSIDER = PeerId.of("peer-9");
  private static final List<PeerId> MEMBERS = List.of(P1, P2, P3, P4);
  private static final Round ROUND = new Round(1, 4);
  private static final int Q = 3;

  private final VirtualTime time = new VirtualTime();
  private final SimulatedKme kme = new SimulatedKme(time, 42);
  private final List<PeerMessage> sentByPeer3 = new ArrayList<>();
  private final List<Round> lockDurableWhenSent = new ArrayList<>();
  private final MemoryStateStore state = new MemoryStateStore();
  private final RecordingEvents events = new RecordingEvents();
  private final ConsensusSettings settings = SimulatedCluster.fastSettings();
  private MemoryChainStore chain;
  private ConsensusEngine engine;
  private List<String> groupSignature;
  private String blockHash;

  @BeforeEach
  void peer3_accepts_a_proposal_from_peer2() {
    Membership membership = new Membership(MEMBERS, P3, Q);
    chain = new MemoryChainStore(P3, new ChainLedger(42, membership));
    Transport capture =
        new Transport() {
          @Override
          public CompletionStage<Void> send(PeerId to, PeerMessage message) {
            if (message instanceof PeerMessage.Vote v && v.phase() == PeerMessage.Phase.LOCK) {
              lockDurableWhenSent.add(state.loadLock().map(VoteLock::round).orElse(null));
            }
            sentByPeer3.add(message);
            return CompletableFuture.completedFuture(null);
          }

          @Override
          public CompletionStage<List<CommittedBlock>> fetchBlocks(
              PeerId from, long fromIndex, int limit) {
            return CompletableFuture.completedFuture(List.of());
          }
        };
    // peer-3's own chain starts at peer-1, which the test never answers.
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
    engine.receive(P1, new PeerMessage.ViewChange(ROUND, java.util.Optional.empty()));
    engine.receive(P2, new PeerMessage.ViewChange(ROUND, java.util.Optional.empty()));
    time.runFor(10);
    assertThat(engine.snapshot().round()).isEqualTo(ROUND);

    Block block =
        new Block(
            1,
            Block.genesis().hash(),
            SimulatedLoop.EPOCH_MILLIS,
            List.of(new Transaction("tx-1", "hello")));
    blockHash = block.hash();
    byte[] bytes = ProposalBytes.of(ROUND, P2, PeerMessage.Proposal.FRESH, block);
    int bits = GroupSignature.roundKeyBits(settings.family(), settings.tagBits(), bytes);
    CompletableFuture<IssuedRoundKey> issued =
        kme.forPeer(P2).issue(P3, bits).toCompletableFuture();
    time.runFor(10);
    IssuedRoundKey key = issued.getNow(null);
    groupSignature = new ArrayList<>();
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
        P2,
        new PeerMessage.Proposal(
            ROUND,
            P2,
            block,
            PeerMessage.Proposal.FRESH,
            key.handle(),
            "lfsr",
            settings.tagBits(),
            groupSignature));
    time.runFor(20);
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
    assertThat(lockDurableWhenSent).containsOnly(ROUND);
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
    return sentByPeer3.stream()
        .filter(m -> m instanceof PeerMessage.Vote v && v.phase() == phase)
        .map(m -> (PeerMessage.Vote) m)
        .toList();
  }

  private void vote(PeerId from, PeerMessage.Phase phase, String hash) {
    engine.receive(from, new PeerMessage.Vote(ROUND, phase, hash));
    time.runFor(1);
  }
}
