package io.qkdchain.peer.node;

import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.consensus.ConsensusEvents;
import io.qkdchain.peer.consensus.KeyNoticeOutcome;
import io.qkdchain.peer.consensus.Misbehaviour;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.PeerMessage.Phase;
import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.consensus.Transaction;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes each round event to every listener (the story log, metrics, the dashboard feed). A
 * listener that throws is logged and skipped: it must not stop the consensus loop or the others.
 */
final class FanOutEvents implements ConsensusEvents {

  private static final Logger log = LoggerFactory.getLogger(FanOutEvents.class);

  private final List<ConsensusEvents> listeners;

  FanOutEvents(List<ConsensusEvents> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  private void each(Consumer<ConsensusEvents> event) {
    for (ConsensusEvents listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        log.warn("Round event listener {} failed", listener.getClass().getSimpleName(), e);
      }
    }
  }

  @Override
  public void transactionAccepted(Transaction transaction) {
    each(l -> l.transactionAccepted(transaction));
  }

  @Override
  public void proposalSent(Round round, String blockHash, PeerId to, int transactions) {
    each(l -> l.proposalSent(round, blockHash, to, transactions));
  }

  @Override
  public void keyIssued(Round round, PeerId slave, List<String> keyIds, int bits) {
    each(l -> l.keyIssued(round, slave, keyIds, bits));
  }

  @Override
  public void keyReceived(Round round, PeerId master, List<String> keyIds, int bits) {
    each(l -> l.keyReceived(round, master, keyIds, bits));
  }

  @Override
  public void keyFailed(Round round, PeerId peer, String reason) {
    each(l -> l.keyFailed(round, peer, reason));
  }

  @Override
  public void keyAnnounced(PeerId slave, List<String> keyIds) {
    each(l -> l.keyAnnounced(slave, keyIds));
  }

  @Override
  public void keyNotice(PeerId master, List<String> keyIds, KeyNoticeOutcome outcome) {
    each(l -> l.keyNotice(master, keyIds, outcome));
  }

  @Override
  public void proposalAccepted(Round round, String blockHash, PeerId proposer) {
    each(l -> l.proposalAccepted(round, blockHash, proposer));
  }

  @Override
  public void proposalRejected(Round round, PeerId proposer, String reason) {
    each(l -> l.proposalRejected(round, proposer, reason));
  }

  @Override
  public void relayRequested(Round round, List<PeerId> order, boolean qrng) {
    each(l -> l.relayRequested(round, order, qrng));
  }

  @Override
  public void relayed(Round round, String blockHash, PeerId from) {
    each(l -> l.relayed(round, blockHash, from));
  }

  @Override
  public void voteCast(Round round, Phase phase, String blockHash) {
    each(l -> l.voteCast(round, phase, blockHash));
  }

  @Override
  public void voteCounted(Round round, Phase phase, PeerId voter, int tally, int quorum) {
    each(l -> l.voteCounted(round, phase, voter, tally, quorum));
  }

  @Override
  public void locked(Round round, String blockHash) {
    each(l -> l.locked(round, blockHash));
  }

  @Override
  public void misbehaviour(PeerId member, Misbehaviour kind, String detail) {
    each(l -> l.misbehaviour(member, kind, detail));
  }

  @Override
  public void voteIgnored(Round round, String reason) {
    each(l -> l.voteIgnored(round, reason));
  }

  @Override
  public void viewChanged(Round from, Round to) {
    each(l -> l.viewChanged(from, to));
  }

  @Override
  public void committed(CommittedBlock block, long roundMillis) {
    each(l -> l.committed(block, roundMillis));
  }

  @Override
  public void catchUp(PeerId from, long fromIndex, int blocks) {
    each(l -> l.catchUp(from, fromIndex, blocks));
  }

  @Override
  public void chainConflict(PeerId from, long index, String reason) {
    each(l -> l.chainConflict(from, index, reason));
  }
}
