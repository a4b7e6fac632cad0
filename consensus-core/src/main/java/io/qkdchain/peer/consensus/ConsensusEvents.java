package io.qkdchain.peer.consensus;

import java.util.List;

/**
 * What the consensus tells the rest of the node: the story of each round, for logs, metrics and the
 * dashboard. Called on the event loop; implementations must be quick and must not throw. Never
 * carries key material.
 */
public interface ConsensusEvents {

  default void transactionAccepted(Transaction transaction) {}

  default void proposalSent(Round round, String blockHash, PeerId to, int transactions) {}

  default void keyIssued(Round round, PeerId slave, List<String> keyIds, int bits) {}

  default void keyReceived(Round round, PeerId master, List<String> keyIds, int bits) {}

  default void keyFailed(Round round, PeerId peer, String reason) {}

  /** This peer, as proposer, told {@code slave} the key IDs of its next proposal. */
  default void keyAnnounced(PeerId slave, List<String> keyIds) {}

  /** What became of a key notice from {@code master}. */
  default void keyNotice(PeerId master, List<String> keyIds, KeyNoticeOutcome outcome) {}

  default void proposalAccepted(Round round, String blockHash, PeerId proposer) {}

  default void proposalRejected(Round round, PeerId proposer, String reason) {}

  /**
   * This peer heard {@code f + 1} echoes for a proposal it never received and asks the echoers for
   * it in {@code order}, drawn from the QRNG (or the configured fallback).
   */
  default void relayRequested(Round round, List<PeerId> order, boolean qrng) {}

  /** A block this peer never received from its proposer reached it through {@code from}. */
  default void relayed(Round round, String blockHash, PeerId from) {}

  /** This peer cast a vote of {@code phase} for {@code blockHash}, told to every peer. */
  default void voteCast(Round round, PeerMessage.Phase phase, String blockHash) {}

  /** A vote counted from {@code voter}: {@code tally} distinct voters of {@code quorum} needed. */
  default void voteCounted(
      Round round, PeerMessage.Phase phase, PeerId voter, int tally, int quorum) {}

  /** This peer persisted a lock on {@code blockHash}. */
  default void locked(Round round, String blockHash) {}

  /**
   * What this peer can prove to itself about {@code member} (docs/protocol.md, "Evidence"); called
   * for every instance, so an implementation counts each and logs the first of each kind.
   */
  default void misbehaviour(PeerId member, Misbehaviour kind, String detail) {}

  default void voteIgnored(Round round, String reason) {}

  default void viewChanged(Round from, Round to) {}

  default void committed(CommittedBlock block, long roundMillis) {}

  default void catchUp(PeerId from, long fromIndex, int blocks) {}

  /** A block that conflicts with this peer's chain or fails its checks; it was refused. */
  default void chainConflict(PeerId from, long index, String reason) {}
}
