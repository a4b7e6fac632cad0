package io.qkdchain.peer.node;

import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.consensus.ConsensusEvents;
import io.qkdchain.peer.consensus.KeyNoticeOutcome;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.consensus.Transaction;
import io.qkdchain.peer.consensus.VotePair;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells each round as log lines, the way the original's terminals did: proposal, keys, MAC check,
 * vote chain order, votes, commit. Key IDs appear; key material never does (the events carry none).
 *
 * <p>At INFO a round is two or three lines per peer (proposal sent or verified, commit): logging is
 * synchronous, and at a thousand transactions a second a line per transaction, key or vote cost
 * more CPU than the round itself (docs/performance.md). The full story is at DEBUG.
 */
public final class RoundStoryLog implements ConsensusEvents {

  private static final Logger log = LoggerFactory.getLogger("qkdchain.round");

  // Events arrive on the consensus thread; the field only tells the first proposal copy apart.
  private Round proposalLogged;

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

  @Override
  public void voteChainStarted(Round round, PeerId initiator, List<PeerId> order, boolean qrng) {
    log.debug(
        "Vote chain order ({}): {}",
        qrng ? "QRNG" : "SecureRandom",
        order.stream().map(PeerId::value).collect(Collectors.joining(" -> ")));
  }

  @Override
  public void voteCast(Round round, VotePair vote) {
    log.debug("Vote verified: {} votes on {}'s chain {}", vote.voter(), vote.initiator(), round);
  }

  @Override
  public void voteCounted(Round round, VotePair vote, int tally, int threshold) {
    log.debug(
        "Votes {}/{} {} ({} on {}'s chain)",
        tally,
        threshold,
        round,
        vote.voter(),
        vote.initiator());
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
        "CONSENSUS ACHIEVED: block #{} ({} transactions) in {} ms, hash {}",
        block.index(),
        block.block().transactions().size(),
        roundMillis,
        shortHash(block.block().hash()));
  }

  @Override
  public void catchUp(PeerId from, long fromIndex, int blocks) {
    log.info("Caught up {} block(s) from {} starting at #{}", blocks, from, fromIndex);
  }

  @Override
  public void chainConflict(PeerId from, long index, String reason) {
    log.error("Refused block #{} from {}: {}", index, from, reason);
  }

  private static String shortHash(String hash) {
    return hash == null || hash.length() < 12 ? String.valueOf(hash) : hash.substring(0, 12);
  }
}
