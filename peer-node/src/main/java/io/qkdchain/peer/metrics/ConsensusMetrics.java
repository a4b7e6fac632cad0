package io.qkdchain.peer.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.consensus.ConsensusEvents;
import io.qkdchain.peer.consensus.KeyNoticeOutcome;
import io.qkdchain.peer.consensus.Misbehaviour;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.PeerMessage.Phase;
import io.qkdchain.peer.consensus.Round;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
  private final Map<Phase, Counter> votesCast = new EnumMap<>(Phase.class);
  private final Map<Phase, Counter> votesCounted = new EnumMap<>(Phase.class);
  private final Counter locks;
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
    for (Phase phase : Phase.values()) {
      votesCast.put(
          phase,
          phaseCounter("qkdchain.votes.cast", "Votes this peer cast and told every peer", phase));
      votesCounted.put(
          phase,
          phaseCounter(
              "qkdchain.votes.counted",
              "Votes counted from their sender (this peer's own included), each member once per"
                  + " phase and view",
              phase));
    }
    locks =
        Counter.builder("qkdchain.locks")
            .description("Locks this peer persisted (a quorum of Accept votes heard)")
            .register(registry);
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

  private Counter phaseCounter(String name, String description, Phase phase) {
    return Counter.builder(name)
        .description(description)
        .tag("phase", phaseTag(phase))
        .register(registry);
  }

  /** The {@code phase} tag: {@code echo}, {@code accept} or {@code lock}. */
  static String phaseTag(Phase phase) {
    return phase.name().toLowerCase(Locale.ROOT);
  }

  private Counter ignored(String reason) {
    return Counter.builder("qkdchain.votes")
        .description("Votes and other round messages ignored, and why")
        .tag("result", "rejected")
        .tag("reason", reason)
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
  public void voteCast(Round round, Phase phase, String blockHash) {
    votesCast.get(phase).increment();
  }

  @Override
  public void voteCounted(Round round, Phase phase, PeerId voter, int tally, int quorum) {
    votesCounted.get(phase).increment();
  }

  @Override
  public void locked(Round round, String blockHash) {
    locks.increment();
  }

  /**
   * Every instance counts (the story log writes only the first of each kind per member). Members
   * come from the configuration and kinds from an enum, so the series stay bounded.
   */
  @Override
  public void misbehaviour(PeerId member, Misbehaviour kind, String detail) {
    Counter.builder("qkdchain.member.misbehaviour")
        .description(
            "What this peer could prove to itself about a member, per instance (docs/protocol.md,"
                + " Evidence)")
        .tag("member", member.value())
        .tag("kind", kind.wireName())
        .register(registry)
        .increment();
  }

  @Override
  public void voteIgnored(Round round, String reason) {
    ignored(IgnoredReason.tagOf(reason)).increment();
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
