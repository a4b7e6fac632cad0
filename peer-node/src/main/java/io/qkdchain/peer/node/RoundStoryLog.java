package io.qkdchain.peer.node;

import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.consensus.ConsensusEvents;
import io.qkdchain.peer.consensus.KeyNoticeOutcome;
import io.qkdchain.peer.consensus.Misbehaviour;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.PeerMessage.Phase;
import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.consensus.Transaction;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells each round as log lines, the way the original's terminals did: proposal, keys, MAC check,
 * echo, accept and lock counts against the quorum ("Echo 2/3"), LOCKED, CONSENSUS ACHIEVED. Key IDs
 * appear; key material never does (the events carry none).
 *
 * <p>At INFO a round is three or four lines per peer (proposal sent or verified, LOCKED, commit):
 * logging is synchronous, and at a thousand transactions a second a line per transaction, key or
 * vote cost more CPU than the round itself (docs/performance.md). The full story, every vote
 * counted, is at DEBUG.
 *
 * <p>Misbehaviour is logged at WARN once per member and kind (a lying member could otherwise fill
 * the log); {@code qkdchain_member_misbehaviour_total} counts every instance.
 */
public final class RoundStoryLog implements ConsensusEvents {

  private static final Logger log = LoggerFactory.getLogger("qkdchain.round");

  /** The longest detail written for a misbehaviour: the text may quote what the member sent. */
  static final int MAX_DETAIL_CHARS = 200;

  // Events arrive on the consensus thread, one at a time; these fields are only touched there.
  private Round proposalLogged;
  // At most members x kinds entries: the engine reports authenticated members only.
  private final Map<PeerId, Set<Misbehaviour>> misbehaviourLogged = new HashMap<>();

  @Override
  public void transactionAccepted(Transaction transaction) {
    log.debug("Transaction {} accepted ({} chars)", transaction.id(), transaction.data().length());
  }

  @Override
  public void proposalSent(Round round, String blockHash, PeerId to, int transactions) {
    if (!round.equals(proposalLogged)) {
      proposalLogged = round;
      log.info(
          "Proposing block #{} {} ({} transactions) {}",
          round.height(),
          shortHash(blockHash),
          transactions,
          round);
    }
    log.debug("Sending block proposal to {} {}", to, round);
  }

  @Override
  public void keyIssued(Round round, PeerId slave, List<String> keyIds, int bits) {
    log.debug("Round key for {} ready {}: {} bits, key IDs {}", slave, round, bits, keyIds);
  }

  @Override
  public void keyReceived(Round round, PeerId master, List<String> keyIds, int bits) {
    log.debug("QKD key received from {} {}. Key ID: {} ({} bits)", master, round, keyIds, bits);
  }

  @Override
  public void keyFailed(Round round, PeerId peer, String reason) {
    log.warn("No round key for the link to {} {}: {}", peer, round, reason);
  }

  @Override
  public void keyAnnounced(PeerId slave, List<String> keyIds) {
    log.debug("Announcing the next round key to {}. Key ID: {}", slave, keyIds);
  }

  @Override
  public void keyNotice(PeerId master, List<String> keyIds, KeyNoticeOutcome outcome) {
    switch (outcome) {
      case READ_AHEAD -> log.debug("Key notice from {}: reading key {} ahead", master, keyIds);
      case USED -> log.debug("Proposal from {} uses the announced key {}", master, keyIds);
      case EVICTED -> log.info("Announced key {} from {} was never used: zeroed", keyIds, master);
      case IGNORED -> log.debug("Key notice from {} ignored: {}", master, keyIds);
    }
  }

  @Override
  public void proposalAccepted(Round round, String blockHash, PeerId proposer) {
    log.info(
        "Proposal verified: Toeplitz signature matches (block #{} {} from {} {})",
        round.height(),
        shortHash(blockHash),
        proposer,
        round);
  }

  @Override
  public void proposalRejected(Round round, PeerId proposer, String reason) {
    log.warn("Proposal from {} rejected {}: {}", proposer, round, reason);
  }

  /** A proposal that did not arrive: rare, and worth a line at INFO, as the original's chains. */
  @Override
  public void relayRequested(Round round, List<PeerId> order, boolean qrng) {
    log.info(
        "No proposal {} but f + 1 echoes: asking the echoers for the block along a vote chain"
            + " ({}): {}",
        round,
        qrng ? "QRNG" : "SecureRandom",
        order.stream().map(PeerId::value).collect(java.util.stream.Collectors.joining(" -> ")));
  }

  @Override
  public void relayed(Round round, String blockHash, PeerId from) {
    log.info("Block {} {} relayed by {}", shortHash(blockHash), round, from);
  }

  @Override
  public void voteCast(Round round, Phase phase, String blockHash) {
    log.debug("{} sent to all for block {} {}", phaseName(phase), shortHash(blockHash), round);
  }

  @Override
  public void voteCounted(Round round, Phase phase, PeerId voter, int tally, int quorum) {
    log.debug("{} {}/{} {} ({})", phaseName(phase), tally, quorum, round, voter);
  }

  @Override
  public void locked(Round round, String blockHash) {
    log.info("LOCKED on block #{} {} {}", round.height(), shortHash(blockHash), round);
  }

  @Override
  public void misbehaviour(PeerId member, Misbehaviour kind, String detail) {
    if (misbehaviourLogged
        .computeIfAbsent(member, m -> EnumSet.noneOf(Misbehaviour.class))
        .add(kind)) {
      log.warn(
          "Member {} misbehaved ({}): {}. Counted in qkdchain_member_misbehaviour_total; further"
              + " instances of this kind from {} are counted, not logged",
          member,
          kind.wireName(),
          printable(detail),
          member);
    }
  }

  @Override
  public void voteIgnored(Round round, String reason) {
    if (reason.contains("vote order")) {
      // This peer's own vote chain could not start: worth an operator's attention.
      log.warn("Vote chain not started {}: {}", round, reason);
    } else {
      log.debug("Vote ignored {}: {}", round, reason);
    }
  }

  @Override
  public void viewChanged(Round from, Round to) {
    log.warn("View change: {} -> {}", from, to);
  }

  @Override
  public void committed(CommittedBlock block, long roundMillis) {
    log.info(
        "CONSENSUS ACHIEVED: block #{} ({} transactions) in {} ms, hash {}, Lock votes from {}",
        block.index(),
        block.block().transactions().size(),
        roundMillis,
        shortHash(block.block().hash()),
        block.certificate().lockedBy());
  }

  @Override
  public void catchUp(PeerId from, long fromIndex, int blocks) {
    log.info("Caught up {} block(s) from {} starting at #{}", blocks, from, fromIndex);
  }

  @Override
  public void chainConflict(PeerId from, long index, String reason) {
    log.error("Refused block #{} from {}: {}", index, from, reason);
  }

  /** "Echo", "Accept" or "Lock", as the story names the votes. */
  static String phaseName(Phase phase) {
    String name = phase.name();
    return name.charAt(0) + name.substring(1).toLowerCase(java.util.Locale.ROOT);
  }

  /** One line of at most {@link #MAX_DETAIL_CHARS}: no line breaks or control characters. */
  static String printable(String detail) {
    if (detail == null) {
      return "-";
    }
    StringBuilder out = new StringBuilder(Math.min(detail.length(), MAX_DETAIL_CHARS));
    for (int i = 0; i < detail.length() && out.length() < MAX_DETAIL_CHARS; i++) {
      char c = detail.charAt(i);
      out.append(Character.isISOControl(c) ? ' ' : c);
    }
    return detail.length() > MAX_DETAIL_CHARS ? out + "..." : out.toString();
  }

  private static String shortHash(String hash) {
    return hash == null || hash.length() < 12 ? String.valueOf(hash) : hash.substring(0, 12);
  }
}
