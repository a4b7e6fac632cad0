package io.qkdchain.peer.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.peer.consensus.RoundKeySource.IssuedRoundKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One real engine, peer-3 of four, started (so in view 1 of height 1), with everything it sends
 * recorded; the test plays the other three members message by message. Proposals the test makes
 * carry a real round key for peer-3 (the other entries of the group signature are random).
 */
final class OneEngine {

  static final PeerId P1 = PeerId.of("peer-1");
  static final PeerId P2 = PeerId.of("peer-2");
  static final PeerId P3 = PeerId.of("peer-3");
  static final PeerId P4 = PeerId.of("peer-4");
  static final List<PeerId> MEMBERS = List.of(P1, P2, P3, P4);

  final VirtualTime time = new VirtualTime();
  final SimulatedKme kme = new SimulatedKme(time, 42);
  final MemoryStateStore state;
  final RecordingEvents events = new RecordingEvents();
  final ConsensusSettings settings = SimulatedCluster.fastSettings();
  final MemoryChainStore chain;
  final ConsensusEngine engine;

  /** Everything peer-3 sent, in order. */
  final List<PeerMessage> sent = new ArrayList<>();

  /** The recipient of each message in {@link #sent}, in the same order. */
  final List<PeerId> sentTo = new ArrayList<>();

  /** What each member answers to a catch-up request: its chain from index 0 (none by default). */
  final Map<PeerId, List<CommittedBlock>> chainsOf = new HashMap<>();

  /** For each lock vote peer-3 sent, the round of the lock on its disk at that moment. */
  final List<Round> lockDurableWhenLockVoteSent = new ArrayList<>();

  OneEngine() {
    this(new MemoryStateStore(), null);
  }

  /**
   * Peer-3 killed (-9) and started again on its disk: the lock, view promise, accepts and chain of
   * {@code crashed}, whose clock never runs again.
   */
  static OneEngine restartOf(OneEngine crashed) {
    return new OneEngine(crashed.state, crashed.chain);
  }

  private OneEngine(MemoryStateStore state, MemoryChainStore chainOnDisk) {
    this.state = state;
    Membership membership = new Membership(MEMBERS, P3, 3);
    chain =
        chainOnDisk != null
            ? chainOnDisk
            : new MemoryChainStore(P3, new ChainLedger(42, membership));
    Transport capture =
        new Transport() {
          @Override
          public CompletionStage<Void> send(PeerId to, PeerMessage message) {
            if (message instanceof PeerMessage.Vote v && v.phase() == PeerMessage.Phase.LOCK) {
              lockDurableWhenLockVoteSent.add(state.loadLock().map(VoteLock::round).orElse(null));
            }
            sent.add(message);
            sentTo.add(to);
            return CompletableFuture.completedFuture(null);
          }

          @Override
          public CompletionStage<List<CommittedBlock>> fetchBlocks(
              PeerId from, long fromIndex, int limit) {
            List<CommittedBlock> answer = chainsOf.getOrDefault(from, List.of());
            return CompletableFuture.completedFuture(
                answer.stream().filter(b -> b.index() >= fromIndex).limit(limit).toList());
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
  }

  /** A block at height 1 holding one transaction. */
  static Block block(String data) {
    return new Block(
        1,
        Block.genesis().hash(),
        SimulatedLoop.EPOCH_MILLIS,
        List.of(new Transaction("tx-" + data, data)));
  }

  /** Two view changes (f + 1) take peer-3 to {@code round}. */
  void moveTo(Round round) {
    engine.receive(P1, new PeerMessage.ViewChange(round, Optional.empty()));
    engine.receive(P2, new PeerMessage.ViewChange(round, Optional.empty()));
    time.runFor(10);
    assertThat(engine.snapshot().round()).isEqualTo(round);
  }

  /** {@code proposer}'s proposal of {@code block} in {@code round}, MAC'ed for peer-3. */
  void propose(Round round, PeerId proposer, Block block, int justifyView) {
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

  void vote(PeerId from, Round round, PeerMessage.Phase phase, String blockHash) {
    engine.receive(from, new PeerMessage.Vote(round, phase, blockHash));
    time.runFor(1);
  }

  /** The votes of {@code phase} peer-3 sent. */
  List<PeerMessage.Vote> votes(PeerMessage.Phase phase) {
    return sent.stream()
        .filter(m -> m instanceof PeerMessage.Vote v && v.phase() == phase)
        .map(m -> (PeerMessage.Vote) m)
        .toList();
  }
}
