package io.qkdchain.peer.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.consensus.ConsensusEvents;
import io.qkdchain.peer.consensus.KeyNoticeOutcome;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.consensus.VotePair;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Round events as Micrometer meters (Prometheus names {@code qkdchain_*}); see docs/dashboard.md
 * for what each counts. Runs on the consensus event loop, so every update is a counter increment.
 */
public final class ConsensusMetrics implements ConsensusEvents {

  private final MeterRegistry registry;
  private final PeerId self;
  private final Counter roundsStarted;
  private final Counter roundsCommitted;
  private final Counter roundsFailed;
  private final Counter proposalsRejected;
  private final Counter votesAccepted;
  private final Counter qrngDraws;
  private final Counter fallbackDraws;
  private final Timer commitLatency;
  private Round lastStarted;

  public ConsensusMetrics(MeterRegistry registry, PeerId self) {
    this.registry = registry;
    this.self = self;
    roundsStarted = rounds("started");
    roundsCommitted = rounds("committed");
    roundsFailed = rounds("failed");
    proposalsRejected =
        Counter.builder("qkdchain.proposals.rejected")
            .description("Proposals this peer refused (bad MAC, bad block, wrong round, lock)")
            .register(registry);
    votesAccepted = votes("accepted", "counted");
    qrngDraws = draws("qrng");
    fallbackDraws = draws("fallback");
    commitLatency =
        Timer.builder("qkdchain.commit.latency")
            .description("From this peer's first step in a round to the block's commit")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(2))
            .register(registry);
  }

  private Counter rounds(String outcome) {
    return Counter.builder("qkdchain.rounds")
        .description("Rounds this peer took part in, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  private Counter votes(String result, String reason) {
    return Counter.builder("qkdchain.votes")
        .description("Votes and vote-chain requests, counted or ignored and why")
        .tag("result", result)
        .tag("reason", reason)
        .register(registry);
  }

  private Counter draws(String origin) {
    return Counter.builder("qkdchain.qrng.draws")
        .description("Vote-chain orders this peer drew, from the QRNG or the fallback")
        .tag("origin", origin)
        .register(registry);
  }

  @Override
  public void proposalSent(Round round, String blockHash, PeerId to, int transactions) {
    started(round);
  }

  @Override
  public void proposalAccepted(Round round, String blockHash, PeerId proposer) {
    started(round);
  }

  /**
   * A rejected proposal does not start a round here: it may be forged or name a far-future round,
   * and moving {@link #lastStarted} ahead would stop real rounds from being counted.
   */
  @Override
  public void proposalRejected(Round round, PeerId proposer, String reason) {
    proposalsRejected.increment();
  }

  /** A round starts here with the first proposal sent or accepted for it. */
  private void started(Round round) {
    if (lastStarted == null || round.compareTo(lastStarted) > 0) {
      lastStarted = round;
      roundsStarted.increment();
    }
  }

  @Override
  public void keyIssued(Round round, PeerId slave, List<String> keyIds, int bits) {
    keyBits(self, slave).increment(bits);
  }

  @Override
  public void keyReceived(Round round, PeerId master, List<String> keyIds, int bits) {
    keyBits(master, self).increment(bits);
  }

  @Override
  public void keyNotice(PeerId master, List<String> keyIds, KeyNoticeOutcome outcome) {
    Counter.builder("qkdchain.key.notices")
        .description(
            "Key notices received, by outcome: read ahead, used by a proposal, evicted unused"
                + " (a key spent for nothing), ignored")
        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
  }

  private Counter keyBits(PeerId master, PeerId slave) {
    return Counter.builder("qkdchain.key.bits")
        .description("Round-key bits this peer consumed, per link (master->slave)")
        .baseUnit("bits")
        .tag("link", master + "->" + slave)
        .register(registry);
  }

  @Override
  public void voteChainStarted(Round round, PeerId initiator, List<PeerId> order, boolean qrng) {
    (qrng ? qrngDraws : fallbackDraws).increment();
  }

  @Override
  public void voteCounted(Round round, VotePair vote, int tally, int threshold) {
    votesAccepted.increment();
  }

  @Override
  public void voteIgnored(Round round, String reason) {
    votes("rejected", IgnoredReason.tagOf(reason)).increment();
  }

  @Override
  public void viewChanged(Round from, Round to) {
    roundsFailed.increment();
  }

  @Override
  public void committed(CommittedBlock block, long roundMillis) {
    roundsCommitted.increment();
    commitLatency.record(Math.max(0, roundMillis), TimeUnit.MILLISECONDS);
  }
}
