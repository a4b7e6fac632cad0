package io.qkdchain.peer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qkdchain.peer.consensus.Block;
import io.qkdchain.peer.consensus.CommitCertificate;
import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.consensus.Misbehaviour;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.PeerMessage.Phase;
import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.consensus.Transaction;
import io.qkdchain.peer.consensus.VoteOrderSource;
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
            block, new CommitCertificate(new Round(1, 1), block.hash(), List.of(P1, P2, P3)));
    metrics.viewChanged(new Round(1, 0), new Round(1, 1));
    metrics.committed(committed, 250);

    assertThat(count("qkdchain.rounds", "outcome", "committed")).isEqualTo(1);
    assertThat(count("qkdchain.rounds", "outcome", "failed")).isEqualTo(1);
    assertThat(registry.get("qkdchain.commit.latency").timer().totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(250);
  }

  @Test
  void votes_cast_and_counted_are_per_phase_and_ignored_ones_tagged_by_a_bounded_reason() {
    Round round = new Round(2, 0);
    metrics.voteCast(round, Phase.ECHO, "h");
    metrics.voteCounted(round, Phase.ECHO, P1, 1, 3);
    metrics.voteCounted(round, Phase.ECHO, P2, 2, 3);
    metrics.voteCounted(round, Phase.ECHO, P3, 3, 3);
    metrics.voteCast(round, Phase.ACCEPT, "h");
    metrics.voteCounted(round, Phase.ACCEPT, P1, 1, 3);
    metrics.locked(round, "h");
    metrics.voteIgnored(round, "duplicate ECHO vote");
    metrics.voteIgnored(round, "duplicate view change");
    metrics.voteIgnored(round, "LOCK vote for a view long over");
    metrics.voteIgnored(round, "echo for a view this peer has left");
    metrics.voteIgnored(round, "for a height already decided");
    metrics.voteIgnored(round, "for a height too far ahead to buffer");
    metrics.voteIgnored(round, "buffer of future-round messages is full");
    metrics.voteIgnored(round, "sender peer-9 is not a member");
    metrics.voteIgnored(round, "something the engine may say one day");

    assertThat(count("qkdchain.votes.cast", "phase", "echo")).isEqualTo(1);
    assertThat(count("qkdchain.votes.cast", "phase", "accept")).isEqualTo(1);
    assertThat(count("qkdchain.votes.cast", "phase", "lock")).isZero();
    assertThat(count("qkdchain.votes.counted", "phase", "echo")).isEqualTo(3);
    assertThat(count("qkdchain.votes.counted", "phase", "accept")).isEqualTo(1);
    assertThat(count("qkdchain.votes.counted", "phase", "lock")).isZero();
    assertThat(registry.get("qkdchain.locks").counter().count()).isEqualTo(1);
    assertThat(count("qkdchain.votes", "result", "rejected", "reason", "duplicate")).isEqualTo(2);
    assertThat(count("qkdchain.votes", "result", "rejected", "reason", "stale_view")).isEqualTo(2);
    assertThat(count("qkdchain.votes", "result", "rejected", "reason", "stale_height"))
        .isEqualTo(1);
    assertThat(count("qkdchain.votes", "result", "rejected", "reason", "too_far_ahead"))
        .isEqualTo(1);
    assertThat(count("qkdchain.votes", "result", "rejected", "reason", "buffer_full")).isEqualTo(1);
    assertThat(count("qkdchain.votes", "result", "rejected", "reason", "not_member")).isEqualTo(1);
    assertThat(count("qkdchain.votes", "result", "rejected", "reason", "other")).isEqualTo(1);
  }

  @Test
  void every_instance_of_misbehaviour_is_counted_per_member_and_kind() {
    metrics.misbehaviour(P2, Misbehaviour.EQUIVOCATION, "two different ECHO votes in (h=1, v=0)");
    metrics.misbehaviour(P2, Misbehaviour.EQUIVOCATION, "two different ECHO votes in (h=1, v=0)");
    metrics.misbehaviour(P2, Misbehaviour.BAD_MAC, "group-signature entry fails");
    metrics.misbehaviour(P3, Misbehaviour.FALSE_CATCH_UP, "block 4 differs");

    assertThat(count("qkdchain.member.misbehaviour", "member", "peer-2", "kind", "equivocation"))
        .isEqualTo(2);
    assertThat(count("qkdchain.member.misbehaviour", "member", "peer-2", "kind", "bad-mac"))
        .isEqualTo(1);
    assertThat(count("qkdchain.member.misbehaviour", "member", "peer-3", "kind", "false-catch-up"))
        .isEqualTo(1);
    assertThat(registry.find("qkdchain.member.misbehaviour").tag("member", "peer-3").counters())
        .hasSize(1);
  }

  @Test
  void key_bits_are_counted_per_directed_link_and_draws_by_origin() {
    Round round = new Round(3, 0);
    metrics.keyIssued(round, P2, List.of("k1"), 768);
    metrics.keyIssued(round, P2, List.of("k2"), 768);
    metrics.keyReceived(round, P3, List.of("k3"), 768);
    boolean[] fromQrng = {true, false, true};
    int[] drawn = {0};
    VoteOrderSource source =
        members -> new VoteOrderSource.DrawnOrder(members, fromQrng[drawn[0]++]);
    MeteredVoteOrderSource orders = new MeteredVoteOrderSource(source, registry);
    for (int i = 0; i < 3; i++) {
      assertThat(orders.draw(List.of(P1, P2, P3)).order()).containsExactly(P1, P2, P3);
    }

    assertThat(count("qkdchain.key.bits", "link", "peer-1->peer-2")).isEqualTo(1536);
    assertThat(count("qkdchain.key.bits", "link", "peer-3->peer-1")).isEqualTo(768);
    assertThat(count("qkdchain.qrng.draws", "origin", "qrng")).isEqualTo(2);
    assertThat(count("qkdchain.qrng.draws", "origin", "fallback")).isEqualTo(1);
  }
}
