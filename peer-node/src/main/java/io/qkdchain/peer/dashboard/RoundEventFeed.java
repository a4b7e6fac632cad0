package io.qkdchain.peer.dashboard;

import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.consensus.ConsensusEvents;
import io.qkdchain.peer.consensus.Misbehaviour;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.PeerMessage.Phase;
import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.consensus.Transaction;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns the engine's round events into {@link RoundEvent}s for the browsers. Key IDs are passed on;
 * keys are not (the engine's events carry none). Runs on the consensus event loop: it only builds
 * small records and hands them over without blocking.
 */
public final class RoundEventFeed implements ConsensusEvents {

  /** Commit events list at most this many transaction ids; pages poll for the others. */
  static final int MAX_COMMIT_IDS = 100;

  /** The longest misbehaviour detail passed on: the text may quote what the member sent. */
  static final int MAX_DETAIL_CHARS = 200;

  private final PeerId self;
  private final Clock clock;
  private final Consumer<RoundEvent> out;
  private long seq;

  public RoundEventFeed(PeerId self, Clock clock, Consumer<RoundEvent> out) {
    this.self = self;
    this.clock = clock;
    this.out = out;
  }

  @Override
  public void transactionAccepted(Transaction transaction) {
    emit("transaction", null, Map.of("id", transaction.id(), "chars", transaction.data().length()));
  }

  @Override
  public void proposalSent(Round round, String blockHash, PeerId to, int transactions) {
    emit(
        "proposal-sent",
        round,
        Map.of(
            "proposer",
            self.value(),
            "to",
            to.value(),
            "blockHash",
            blockHash,
            "transactions",
            transactions));
  }

  @Override
  public void keyIssued(Round round, PeerId slave, List<String> keyIds, int bits) {
    emit("key-issued", round, key(self, slave, keyIds, bits));
  }

  @Override
  public void keyReceived(Round round, PeerId master, List<String> keyIds, int bits) {
    emit("key-received", round, key(master, self, keyIds, bits));
  }

  private static Map<String, Object> key(
      PeerId master, PeerId slave, List<String> keyIds, int bits) {
    // Classical links have no key IDs: the key itself travelled, and it stays out of here.
    return Map.of("master", master.value(), "slave", slave.value(), "keyIds", keyIds, "bits", bits);
  }

  @Override
  public void keyFailed(Round round, PeerId peer, String reason) {
    emit("key-failed", round, Map.of("peer", peer.value(), "reason", reason));
  }

  @Override
  public void proposalAccepted(Round round, String blockHash, PeerId proposer) {
    emit("proposal-accepted", round, Map.of("proposer", proposer.value(), "blockHash", blockHash));
  }

  @Override
  public void proposalRejected(Round round, PeerId proposer, String reason) {
    emit("proposal-rejected", round, Map.of("proposer", proposer.value(), "reason", reason));
  }

  @Override
  public void relayRequested(Round round, List<PeerId> order, boolean qrng) {
    emit(
        "relay-requested",
        round,
        Map.of(
            "order",
            order.stream().map(PeerId::value).toList(),
            "origin",
            qrng ? "qrng" : "fallback"));
  }

  @Override
  public void relayed(Round round, String blockHash, PeerId from) {
    emit("relayed", round, Map.of("blockHash", blockHash, "from", from.value()));
  }

  @Override
  public void voteCast(Round round, Phase phase, String blockHash) {
    emit(
        "vote-cast",
        round,
        Map.of("phase", phase(phase), "voter", self.value(), "blockHash", blockHash));
  }

  @Override
  public void voteCounted(Round round, Phase phase, PeerId voter, int tally, int quorum) {
    emit(
        "vote-counted",
        round,
        Map.of("phase", phase(phase), "voter", voter.value(), "tally", tally, "quorum", quorum));
  }

  @Override
  public void locked(Round round, String blockHash) {
    emit("locked", round, Map.of("blockHash", blockHash));
  }

  @Override
  public void misbehaviour(PeerId member, Misbehaviour kind, String detail) {
    String text = detail == null ? "" : detail;
    if (text.length() > MAX_DETAIL_CHARS) {
      text = text.substring(0, MAX_DETAIL_CHARS) + "...";
    }
    emit(
        "misbehaviour",
        null,
        Map.of("member", member.value(), "kind", kind.wireName(), "detail", text));
  }

  /** {@code echo}, {@code accept} or {@code lock}, as in the metrics' {@code phase} tag. */
  private static String phase(Phase phase) {
    return phase.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public void voteIgnored(Round round, String reason) {
    emit("vote-ignored", round, Map.of("reason", reason));
  }

  @Override
  public void viewChanged(Round from, Round to) {
    emit("view-change", to, Map.of("fromView", from.view(), "toView", to.view()));
  }

  @Override
  public void committed(CommittedBlock block, long roundMillis) {
    List<Transaction> transactions = block.block().transactions();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("index", block.index());
    data.put("blockHash", block.block().hash());
    data.put("transactionCount", transactions.size());
    data.put(
        "transactionIds",
        transactions.stream().limit(MAX_COMMIT_IDS).map(Transaction::id).toList());
    data.put("lockedBy", block.certificate().lockedBy().stream().map(PeerId::value).toList());
    data.put("roundMillis", roundMillis);
    emit("commit", block.certificate().round(), data);
  }

  @Override
  public void catchUp(PeerId from, long fromIndex, int blocks) {
    emit("catch-up", null, Map.of("from", from.value(), "fromIndex", fromIndex, "blocks", blocks));
  }

  @Override
  public void chainConflict(PeerId from, long index, String reason) {
    emit("chain-conflict", null, Map.of("from", from.value(), "index", index, "reason", reason));
  }

  private void emit(String type, Round round, Map<String, Object> data) {
    out.accept(
        new RoundEvent(
            ++seq,
            clock.millis(),
            self.value(),
            type,
            round == null ? null : round.height(),
            round == null ? null : round.view(),
            data));
  }
}
