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

  default void voteChainStarted(Round round, PeerId initiator, List<PeerId> order, boolean qrng) {}

  default void voteCast(Round round, VotePair vote) {}

  default void voteCounted(Round round, VotePair vote, int tally, int threshold) {}

  default void voteIgnored(Round round, String reason) {}

  default void viewChanged(Round from, Round to) {}

  default void committed(CommittedBlock block, long roundMillis) {}

  default void catchUp(PeerId from, long fromIndex, int blocks) {}

  /** A block that conflicts with this peer's chain or fails its checks; it was refused. */
  default void chainConflict(PeerId from, long index, String reason) {}
}
