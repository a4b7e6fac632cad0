package io.qkdchain.peer.hostile;

import static io.qkdchain.peer.hostile.HostileCluster.peer;
import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.peer.consensus.Block;
import io.qkdchain.peer.consensus.CommitCertificate;
import io.qkdchain.peer.consensus.KeyHandle;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.PeerMessage;
import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.consensus.Transaction;
import io.qkdchain.peer.consensus.VotePair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Authenticated but useless consensus traffic from a member (peer-2 to peer-1): messages out of
 * round, a flood of votes, a commit without a quorum. Each is ignored and counted; the buffers and
 * tallies stay bounded and the next transaction commits on every peer.
 */
@ExtendWith(HostileCluster.Extension.class)
class ConsensusFloodTest {

  private static final String VOTES = "qkdchain_votes_total";

  private final HostileCluster hostile = HostileCluster.get();
  private final Random random = new Random(7);

  @AfterEach
  void the_cluster_still_commits() throws Exception {
    hostile.assertAGoodTransactionStillCommits(3);
  }

  @Test
  void a_vote_for_a_past_height_and_messages_for_a_far_future_height_are_ignored_and_counted()
      throws Exception {
    long height = hostile.height(1);
    double stale = ignored("stale_height");
    double tooFar = ignored("buffer_full");
    Round past = new Round(0, 0);
    Round farFuture = new Round(height + 1_000, 0);
    List<PeerMessage> messages =
        List.of(
            new PeerMessage.Vote(past, hash(), new VotePair(peer(1), peer(2))),
            proposal(farFuture),
            new PeerMessage.Vote(farFuture, hash(), new VotePair(peer(1), peer(2))));
    assertThat(hostile.deliver(2, 1, messages).statusCode()).isEqualTo(202);

    awaitAtLeast(() -> ignored("stale_height"), stale + 1);
    awaitAtLeast(() -> ignored("buffer_full"), tooFar + 1);
    String farId = "far-future-" + farFuture.height();
    assertThat(hostile.send(hostile.request(1, "/api/v1/transactions/" + farId).GET()).statusCode())
        .isEqualTo(404);
  }

  @Test
  void ten_thousand_forged_votes_leave_the_tally_bounded() throws Exception {
    long height = hostile.height(1);
    int view = hostile.getJson(1, "/api/v1/round").get("view").intValue();
    double before = ignored("");
    List<String> hashes = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      hashes.add(hash());
    }
    int sent = 0;
    for (int batch = 0; batch < 20; batch++) {
      List<PeerMessage> votes = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        // Members and strangers alike; a later view too, which goes to the bounded buffer.
        Round round = new Round(height, view + (i % 10 == 0 ? 1 + random.nextInt(50) : 0));
        VotePair pair = new VotePair(anyone(), anyone());
        votes.add(new PeerMessage.Vote(round, hashes.get(random.nextInt(hashes.size())), pair));
      }
      assertThat(hostile.deliver(2, 1, votes).statusCode()).isEqualTo(202);
      sent += votes.size();
    }
    assertThat(sent).isEqualTo(10_000);

    // Most of them name a stranger or a voter other than the sender: counted as ignored.
    awaitAtLeast(() -> ignored(""), before + 8_000);
    // The tally keeps at most a few block hashes of member pairs: N^2 per hash.
    int tallied = hostile.getJson(1, "/api/v1/round").get("votes").intValue();
    assertThat(tallied).isLessThanOrEqualTo(16);
    assertThat(hostile.cluster.chainHashes(1)).doesNotContainAnyElementsOf(hashes);
  }

  @Test
  void a_commit_without_a_quorum_of_member_votes_is_ignored() throws Exception {
    long height = hostile.height(1);
    int view = hostile.getJson(1, "/api/v1/round").get("view").intValue();
    double weak = ignored("weak_commit");
    Round round = new Round(height, view);
    List<VotePair> few =
        List.of(
            new VotePair(peer(1), peer(2)),
            new VotePair(peer(2), peer(2)),
            new VotePair(peer(3), peer(2)));
    List<VotePair> strangers = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      strangers.add(new VotePair(PeerId.of("peer-" + (10 + i)), PeerId.of("peer-" + (30 + i))));
    }
    List<String> forged = List.of(hash(), hash());
    List<PeerMessage> commits =
        List.of(
            new PeerMessage.Commit(new CommitCertificate(round, forged.get(0), few)),
            new PeerMessage.Commit(new CommitCertificate(round, forged.get(1), strangers)));
    assertThat(hostile.deliver(2, 1, commits).statusCode()).isEqualTo(202);

    awaitAtLeast(() -> ignored("weak_commit"), weak + 2);
    assertThat(hostile.cluster.chainHashes(1)).doesNotContainAnyElementsOf(forged);
  }

  private double ignored(String reason) throws Exception {
    return reason.isEmpty()
        ? hostile.metric(1, VOTES, "result=\"rejected\"")
        : hostile.metric(1, VOTES, "result=\"rejected\"", "reason=\"" + reason + "\"");
  }

  private PeerId anyone() {
    return PeerId.of("peer-" + (1 + random.nextInt(random.nextBoolean() ? 4 : 1_000)));
  }

  private String hash() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private PeerMessage proposal(Round round) {
    Block block =
        new Block(
            round.height(),
            hash(),
            System.currentTimeMillis(),
            List.of(new Transaction("far-future-" + round.height(), "from the future")));
    List<String> signature = List.of(hash(), hash(), hash(), hash());
    return new PeerMessage.Proposal(
        round, peer(2), block, new KeyHandle.ClassicalKey("ab".repeat(96)), "lfsr", 256, signature);
  }

  @FunctionalInterface
  private interface Reading {
    double read() throws Exception;
  }

  private static void awaitAtLeast(Reading reading, double expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    double value = reading.read();
    while (value < expected && System.nanoTime() < deadline) {
      Thread.sleep(50);
      value = reading.read();
    }
    assertThat(value).isGreaterThanOrEqualTo(expected);
  }
}
