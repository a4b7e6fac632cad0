package io.qkdchain.peer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qkdchain.peer.consensus.Block;
import io.qkdchain.peer.consensus.CommitCertificate;
import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.consensus.Transaction;
import io.qkdchain.peer.consensus.VotePair;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConsensusMetricsTest {

  private static final PeerId P1 = PeerId.of("peer-1");
  private static final PeerId P2 = PeerId.of("peer-2");
  private static final PeerId P3 = PeerId.of("peer-3");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ConsensusMetrics metrics = new ConsensusMetrics(registry, P1);

  private double count(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  @Test
  void a_round_counts_as_started_once_however_many_proposals_it_sends() {
    Round round = new Round(1, 0);
    metrics.proposalSent(round, "h", P2, 1);
    metrics.proposalSent(round, "h", P3, 1);
    metrics.proposalAccepted(round, "h", P1);
    metrics.proposalAccepted(new Round(1, 1), "h2", P2);

    assertThat(count("qkdchain.rounds", "outcome", "started")).isEqualTo(2);
  }

  @Test
  void a_rejected_far_future_proposal_does_not_stop_real_rounds_from_counting() {
    metrics.proposalRejected(new Round(1_000_000, 0), P2, "far ahead");
    metrics.proposalAccepted(new Round(1, 0), "h", P2);
    metrics.proposalAccepted(new Round(2, 0), "h2", P3);

    assertThat(count("qkdchain.rounds", "outcome", "started")).isEqualTo(2);
    assertThat(registry.get("qkdchain.proposals.rejected").counter().count()).isEqualTo(1);
  }

  @Test
  void a_commit_is_counted_and_timed_and_a_view_change_counts_as_a_failed_round() {
    Block block = new Block(1, Block.genesis().hash(), 5, List.of(new Transaction("t1", "hello")));
    CommittedBlock committed =
        new CommittedBlock(
            block,
            new CommitCertificate(new Round(1, 1), block.hash(), List.of(new VotePair(P1, P2))));
    metrics.viewChanged(new Round(1, 0), new Round(1, 1));
    metrics.committed(committed, 250);

    assertThat(count("qkdchain.rounds", "outcome", "committed")).isEqualTo(1);
    assertThat(count("qkdchain.rounds", "outcome", "failed")).isEqualTo(1);
    assertThat(registry.get("qkdchain.commit.latency").timer().totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(250);
  }

  @Test
  void ignored_votes_are_tagged_by_a_bounded_reason_and_counted_ones_as_accepted() {
    Round round = new Round(2, 0);
    metrics.voteCounted(round, new VotePair(P2, P3), 1, 12);
    metrics.voteIgnored(round, "duplicate vote peer-2/peer-3");
    metrics.voteIgnored(round, "duplicate request on peer-3's chain");
    metrics.voteIgnored(round, "vote relayed by peer-2, not sent by its voter");
    metrics.voteIgnored(round, "something the engine may say one day");

    assertThat(count("qkdchain.votes", "result", "accepted", "reason", "counted")).isEqualTo(1);
    assertThat(count("qkdchain.votes", "result", "rejected", "reason", "duplicate")).isEqualTo(2);
    assertThat(count("qkdchain.votes", "result", "rejected", "reason", "relayed")).isEqualTo(1);
    assertThat(count("qkdchain.votes", "result", "rejected", "reason", "other")).isEqualTo(1);
  }

  @Test
  void key_bits_are_counted_per_directed_link_and_draws_by_origin() {
    Round round = new Round(3, 0);
    metrics.keyIssued(round, P2, List.of("k1"), 768);
    metrics.keyIssued(round, P2, List.of("k2"), 768);
    metrics.keyReceived(round, P3, List.of("k3"), 768);
    metrics.voteChainStarted(round, P1, List.of(P2, P1, P3), true);
    metrics.voteChainStarted(round, P1, List.of(P3, P1, P2), false);

    assertThat(count("qkdchain.key.bits", "link", "peer-1->peer-2")).isEqualTo(1536);
    assertThat(count("qkdchain.key.bits", "link", "peer-3->peer-1")).isEqualTo(768);
    assertThat(count("qkdchain.qrng.draws", "origin", "qrng")).isEqualTo(1);
    assertThat(count("qkdchain.qrng.draws", "origin", "fallback")).isEqualTo(1);
  }
}
