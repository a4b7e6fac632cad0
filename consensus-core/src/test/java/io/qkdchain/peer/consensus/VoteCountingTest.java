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
 * vote's effect on the tally can be seen (docs/protocol.md, "Counting" and "Commit").
 */
class VoteCountingTest {

  private static final PeerId P1 = PeerId.of("peer-1");
  private static final PeerId P2 = PeerId.of("peer-2");
  private static final PeerId P3 = PeerId.of("peer-3");
  private static final PeerId P4 = PeerId.of("peer-4");
  private static final PeerId OUTSIDER = PeerId.of("peer-9");
  private static final List<PeerId> MEMBERS = List.of(P1, P2, P3, P4);
  private static final Round ROUND = new Round(1, 0);

  private final VirtualTime time = new VirtualTime();
  private final SimulatedKme kme = new SimulatedKme(time, 42);
  private final List<PeerMessage> sentByPeer3 = new ArrayList<>();
  private final RecordingEvents events = new RecordingEvents();
  private final ConsensusSettings settings = SimulatedCluster.fastSettings();
  private MemoryChainStore chain;
  private ConsensusEngine engine;
  private List<String> groupSignature;
  private String blockHash;

  @BeforeEach
  void peer3_accepts_a_proposal_from_peer2() {
    Membership membership = new Membership(MEMBERS, P3, 12);
    chain = new MemoryChainStore(P3, new ChainLedger(42, membership));
    Transport capture =
        new Transport() {
          @Override
          public CompletionStage<Void> send(PeerId to, PeerMessage message) {
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
            new MemoryStateStore(),
            new SimulatedLoop(time),
            events,
            new Random(7));
    engine.start();
    time.runFor(10);

    Block block =
        new Block(
            1,
            Block.genesis().hash(),
            SimulatedLoop.EPOCH_MILLIS,
            List.of(new Transaction("tx-1", "hello")));
    blockHash = block.hash();
    byte[] bytes = ProposalBytes.of(ROUND, P2, block);
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
            ROUND, P2, block, key.handle(), "lfsr", settings.tagBits(), groupSignature));
    time.runFor(20);
    assertThat(events.proposalsAccepted).isEqualTo(1);
  }

  @Test
  void the_block_commits_at_exactly_the_threshold_and_not_one_vote_before() {
    deliverVotes(List.of(P1, P2, P4), 11);
    assertThat(engine.snapshot().votes()).isEqualTo(11);
    assertThat(engine.height()).isEqualTo(1);

    vote(P4, P4, P4);
    assertThat(engine.height()).isEqualTo(2);
    CommitCertificate certificate = chain.tip().certificate();
    assertThat(certificate.votes()).hasSize(12).doesNotHaveDuplicates();
    assertThat(sentByPeer3).anyMatch(m -> m instanceof PeerMessage.Commit);
  }

  @Test
  void a_duplicate_vote_counts_once() {
    deliverVotes(List.of(P1, P2, P4), 11);
    vote(P1, P1, P2);
    vote(P1, P1, P2);
    assertThat(engine.snapshot().votes()).isEqualTo(11);
    assertThat(engine.height()).isEqualTo(1);
  }

  @Test
  void a_vote_whose_initiator_has_no_entry_in_the_group_signature_counts_zero() {
    deliverVotes(List.of(P1, P2, P4), 11);
    vote(P4, OUTSIDER, P4);
    assertThat(engine.snapshot().votes()).isEqualTo(11);
    assertThat(engine.height()).isEqualTo(1);
    assertThat(events.ignored).anyMatch(r -> r.contains("no entry in the group signature"));
  }

  @Test
  void a_vote_from_a_non_member_counts_zero() {
    deliverVotes(List.of(P1, P2, P4), 11);
    vote(OUTSIDER, P1, OUTSIDER);
    vote(P4, P1, OUTSIDER);
    assertThat(engine.snapshot().votes()).isEqualTo(11);
    assertThat(engine.height()).isEqualTo(1);
  }

  @Test
  void a_vote_relayed_by_another_peer_than_its_voter_counts_zero() {
    deliverVotes(List.of(P1, P2, P4), 11);
    vote(P1, P4, P4);
    assertThat(engine.snapshot().votes()).isEqualTo(11);
  }

  @Test
  void a_forged_verify_and_vote_with_a_wrong_signature_casts_no_vote() {
    deliverVotes(List.of(P1, P2, P4), 11);
    String wrong = groupSignature.get(0).equals("0".repeat(64)) ? "1".repeat(64) : "0".repeat(64);
    request(P1, wrong);
    assertThat(events.votesCast).isEmpty();
    assertThat(sentByPeer3).noneMatch(m -> m instanceof PeerMessage.Vote);
    assertThat(engine.height()).isEqualTo(1);
    assertThat(events.ignored).anyMatch(r -> r.contains("not in the group signature"));
  }

  @Test
  void a_genuine_verify_and_vote_casts_the_deciding_vote_and_tells_every_peer() {
    deliverVotes(List.of(P1, P2, P4), 11);
    request(P1, groupSignature.get(0));
    assertThat(events.votesCast)
        .extracting(RecordingEvents.CastVote::vote)
        .containsExactly(new VotePair(P1, P3));
    assertThat(sentByPeer3.stream().filter(m -> m instanceof PeerMessage.Vote)).hasSize(3);
    assertThat(engine.height()).isEqualTo(2);
  }

  /** The first {@code count} pairs (initiator, voter), voters in the given order. */
  private void deliverVotes(List<PeerId> voters, int count) {
    int sent = 0;
    for (PeerId voter : voters) {
      for (PeerId initiator : MEMBERS) {
        if (sent++ < count) {
          vote(voter, initiator, voter);
        }
      }
    }
  }

  private void vote(PeerId from, PeerId initiator, PeerId voter) {
    engine.receive(from, new PeerMessage.Vote(ROUND, blockHash, new VotePair(initiator, voter)));
    time.runFor(1);
  }

  /** Peer-1's chain with order [peer-3, ...]: peer-3 is at position 0. */
  private void request(PeerId initiator, String signature) {
    engine.receive(
        initiator,
        new PeerMessage.VerifyAndVote(
            ROUND, blockHash, initiator, signature, List.of(P3, P1, P2, P4), 0));
    time.runFor(1);
  }
}
