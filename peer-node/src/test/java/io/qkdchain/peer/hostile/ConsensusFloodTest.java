package io.qkdchain.peer.hostile;

import static io.qkdchain.peer.hostile.HostileCluster.peer;
import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.peer.cluster.LocalCluster;
import io.qkdchain.peer.cluster.RoundStoryCapture;
import io.qkdchain.peer.consensus.Block;
import io.qkdchain.peer.consensus.ConsensusEngine;
import io.qkdchain.peer.consensus.EngineMemory;
import io.qkdchain.peer.consensus.KeyHandle;
import io.qkdchain.peer.consensus.PeerMessage;
import io.qkdchain.peer.consensus.PeerMessage.Phase;
import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.consensus.Transaction;
import io.qkdchain.peer.consensus.VoteLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Authenticated but lying consensus traffic from one member (peer-2, with its own credentials):
 * messages out of round, ten thousand contradicting votes, lock votes for a block it made up. Each
 * is ignored or counted as misbehaviour; the sender counts at most once per phase and view, the
 * future-message buffer stays within its bound, nothing it made up is appended, and the next
 * transaction commits on every peer.
 */
@ExtendWith(HostileCluster.Extension.class)
class ConsensusFloodTest {

  private static final String VOTES = "qkdchain_votes_total";
  private static final String COUNTED = "qkdchain_votes_counted_total";
  private static final String MISBEHAVIOUR = "qkdchain_member_misbehaviour_total";

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
    double tooFar = ignored("too_far_ahead");
    Round past = new Round(0, 0);
    Round farFuture = new Round(height + 1_000, 0);
    List<PeerMessage> messages =
        List.of(
            new PeerMessage.Vote(past, Phase.LOCK, hash()),
            proposal(farFuture),
            new PeerMessage.Vote(farFuture, Phase.ECHO, hash()));
    assertThat(hostile.deliver(2, 1, messages).statusCode()).isEqualTo(202);

    awaitAtLeast(() -> ignored("stale_height"), stale + 1);
    awaitAtLeast(() -> ignored("too_far_ahead"), tooFar + 2);
    String farId = "far-future-" + farFuture.height();
    assertThat(hostile.send(hostile.request(1, "/api/v1/transactions/" + farId).GET()).statusCode())
        .isEqualTo(404);
  }

  /**
   * The bound that matters is on what one member's votes can weigh, not on a tally read from the
   * round (which counts members and so cannot exceed N whatever the engine does): of the thousands
   * of votes peer-2 sends for the current view, exactly the first of each phase counts; every later
   * one for another block is an equivocation, counted against peer-2, and every repeat a duplicate.
   * Votes for later views go to the future-message buffer, so at least all beyond its capacity must
   * be dropped. What the engine holds is read from it directly ({@link EngineMemory}, on its event
   * loop): peer-2 has three entries in the tally however many votes it sent, the tally stays within
   * its bound, and the buffer within its capacity.
   */
  @Test
  void ten_thousand_votes_from_one_member_count_it_once_per_phase_and_the_rest_as_evidence()
      throws Exception {
    JsonNode round = hostile.getJson(1, "/api/v1/round");
    long height = round.get("height").longValue();
    int view = round.get("view").intValue();
    double equivocations = misbehaviour(2, "equivocation");
    double duplicates = ignored("duplicate");
    double dropped = ignored("buffer_full");
    double counted = hostile.metric(1, COUNTED);
    double othersAccused = misbehaviour(3, "") + misbehaviour(4, "");
    ConsensusEngine engine = hostile.cluster.context(1).getBean(ConsensusEngine.class);
    EngineMemory.Held before = EngineMemory.of(engine, peer(2));
    List<String> hashes = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      hashes.add(hash());
    }

    Map<Phase, String> first = new EnumMap<>(Phase.class);
    int expectedEquivocations = 0;
    int expectedDuplicates = 0;
    int future = 0;
    int sent = 0;
    try (RoundStoryCapture story = new RoundStoryCapture()) {
      for (int batch = 0; batch < 20; batch++) {
        List<PeerMessage> votes = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
          Phase phase = Phase.values()[random.nextInt(3)];
          String hash = hashes.get(random.nextInt(hashes.size()));
          if (random.nextInt(10) < 3) {
            // A later view of this height: held in the bounded buffer, or dropped.
            votes.add(
                new PeerMessage.Vote(
                    new Round(height, view + 1 + random.nextInt(50)), phase, hash));
            future++;
            continue;
          }
          votes.add(new PeerMessage.Vote(new Round(height, view), phase, hash));
          String kept = first.putIfAbsent(phase, hash);
          if (kept != null && kept.equals(hash)) {
            expectedDuplicates++;
          } else if (kept != null) {
            expectedEquivocations++;
          }
        }
        assertThat(hostile.deliver(2, 1, votes).statusCode()).isEqualTo(202);
        sent += votes.size();
      }
      assertThat(sent).isEqualTo(10_000);
      assertThat(first).hasSize(3);

      awaitAtLeast(() -> misbehaviour(2, "equivocation"), equivocations + expectedEquivocations);
      awaitAtLeast(() -> ignored("duplicate"), duplicates + expectedDuplicates);
      awaitAtLeast(
          () -> ignored("buffer_full"), dropped + future - HostileCluster.MAX_BUFFERED_MESSAGES);
      assertThat(misbehaviour(2, "equivocation") - equivocations)
          .as("every vote for another block than peer-2's first of its phase is an equivocation")
          .isEqualTo(expectedEquivocations);
      // peer-2's three first votes, and honest votes only if a round ran meanwhile (none should:
      // the cluster is idle between tests, and a round would show in the height or view).
      EngineMemory.Held held = EngineMemory.of(engine, peer(2));
      assertThat(held.votes())
          .as("tally entries, within its bound")
          .isLessThanOrEqualTo(EngineMemory.ballotBound(LocalCluster.SIZE));
      assertThat(held.futureMessages())
          .as("messages held for later rounds, within the buffer")
          .isLessThanOrEqualTo(HostileCluster.MAX_BUFFERED_MESSAGES);
      JsonNode after = hostile.getJson(1, "/api/v1/round");
      if (after.get("height").longValue() == height && after.get("view").intValue() == view) {
        assertThat(hostile.metric(1, COUNTED) - counted).isEqualTo(3);
        assertThat(held.votesOfMember())
            .as("peer-2's entries in the tally after its thousands of votes for this view")
            .isEqualTo(3);
        assertThat(held.votes() - before.votes()).as("tally entries added").isEqualTo(3);
        assertThat(held.futureMessages())
            .as("the buffer, full of peer-2's later views")
            .isEqualTo(HostileCluster.MAX_BUFFERED_MESSAGES);
      }
      assertThat(misbehaviour(3, "") + misbehaviour(4, ""))
          .as("nothing is held against the members that said nothing")
          .isEqualTo(othersAccused);
      // Told once per member and kind (if never before in this peer's life), counted each time.
      long told =
          story.warnings().stream()
              .filter(line -> line.contains("[consensus-peer-1]"))
              .filter(line -> line.contains("Member peer-2 misbehaved (equivocation)"))
              .count();
      assertThat(told).isEqualTo(equivocations == 0 ? 1 : 0);
    }
  }

  /**
   * The attack of issue 13 with the new messages, by the member that leads the current round (so
   * its proposal is read up to the MAC check and its block becomes known to everyone): it proposes
   * a block it made up ("pay the impostor") with a group signature it cannot make, votes Echo,
   * Accept and Lock for it, and reports it as its lock in its view change for the next view. One
   * member's votes are never a quorum and one member's lock report justifies nothing: nobody
   * appends the block, every other member counts the liar as misbehaving, and the cluster commits
   * the next transaction (after a view change, since the liar's round is spoilt).
   */
  @Test
  void the_round_leader_proposing_voting_and_reporting_a_block_it_made_up_gets_nothing_appended()
      throws Exception {
    JsonNode round = hostile.getJson(1, "/api/v1/round");
    long height = round.get("height").longValue();
    int view = round.get("view").intValue();
    // Membership.proposer: members[(h + v) mod N], in peer order.
    int liar = (int) Math.floorMod(height + view, (long) LocalCluster.SIZE) + 1;
    String tip = hostile.getJson(1, "/api/v1/blocks/" + (height - 1)).get("hash").stringValue();
    String impostorId = "impostor-" + height;
    Block impostor =
        new Block(
            height,
            tip,
            System.currentTimeMillis(),
            List.of(new Transaction(impostorId, "pay the impostor 1,000,000")));
    Round now = new Round(height, view);
    List<PeerMessage> lie =
        List.of(
            new PeerMessage.Proposal(
                now,
                peer(liar),
                impostor,
                PeerMessage.Proposal.FRESH,
                new KeyHandle.ClassicalKey("ab".repeat(96)),
                "lfsr",
                256,
                List.of(hash(), hash(), hash(), hash())),
            new PeerMessage.Vote(now, Phase.ECHO, impostor.hash()),
            new PeerMessage.Vote(now, Phase.ACCEPT, impostor.hash()),
            new PeerMessage.Vote(now, Phase.LOCK, impostor.hash()),
            new PeerMessage.ViewChange(
                new Round(height, view + 1), Optional.of(new VoteLock(now, impostor))));
    List<Integer> told = new ArrayList<>();
    for (int p = 1; p <= LocalCluster.SIZE; p++) {
      if (p != liar) {
        told.add(p);
      }
    }
    double[] locksCounted = new double[LocalCluster.SIZE + 1];
    double[] accused = new double[LocalCluster.SIZE + 1];
    String liarTag = "member=\"peer-" + liar + "\"";
    for (int receiver : told) {
      locksCounted[receiver] = hostile.metric(receiver, COUNTED, "phase=\"lock\"");
      accused[receiver] = hostile.metric(receiver, MISBEHAVIOUR, liarTag);
      assertThat(hostile.deliver(liar, receiver, lie).statusCode()).isEqualTo(202);
    }
    for (int receiver : told) {
      // The lie was heard: the liar's lock counted once, and its proposal held against it.
      int r = receiver;
      awaitAtLeast(() -> hostile.metric(r, COUNTED, "phase=\"lock\""), locksCounted[r] + 1);
      awaitAtLeast(() -> hostile.metric(r, MISBEHAVIOUR, liarTag), accused[r] + 1);
    }

    hostile.assertAGoodTransactionStillCommits(told.get(0));
    for (int p = 1; p <= LocalCluster.SIZE; p++) {
      assertThat(hostile.cluster.chainHashes(p))
          .as("chain of peer-" + p)
          .doesNotContain(impostor.hash());
      assertThat(
              hostile
                  .send(hostile.request(p, "/api/v1/transactions/" + impostorId).GET())
                  .statusCode())
          .as("the impostor's transaction at peer-" + p)
          .isEqualTo(404);
    }
  }

  private double ignored(String reason) throws Exception {
    return hostile.metric(1, VOTES, "result=\"rejected\"", "reason=\"" + reason + "\"");
  }

  /** What peer-1 holds against {@code member}: of one kind, or of every kind for "". */
  private double misbehaviour(int member, String kind) throws Exception {
    return kind.isEmpty()
        ? hostile.metric(1, MISBEHAVIOUR, "member=\"peer-" + member + "\"")
        : hostile.metric(
            1, MISBEHAVIOUR, "member=\"peer-" + member + "\"", "kind=\"" + kind + "\"");
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
        round,
        peer(2),
        block,
        PeerMessage.Proposal.FRESH,
        new KeyHandle.ClassicalKey("ab".repeat(96)),
        "lfsr",
        256,
        signature);
  }

  @FunctionalInterface
  private interface Reading {
    double read() throws Exception;
  }

  private static void awaitAtLeast(Reading reading, double expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    double value = reading.read();
    while (value < expected && System.nanoTime() < deadline) {
      Thread.sleep(50);
      value = reading.read();
    }
    assertThat(value).isGreaterThanOrEqualTo(expected);
  }
}
