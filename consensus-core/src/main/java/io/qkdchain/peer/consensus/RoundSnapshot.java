package io.qkdchain.peer.consensus;

/**
 * A read-only picture of the current round for the dashboard, published by the event loop after
 * each step. {@code blockHash} is null until a proposal is accepted.
 */
public record RoundSnapshot(
    Round round,
    PeerId proposer,
    RoundPhase phase,
    String blockHash,
    int blockTransactions,
    int votes,
    int threshold,
    int pooledTransactions,
    long droppedMessages) {

  /** Where this peer is in the round. */
  public enum RoundPhase {
    /** Nothing to agree on yet. */
    IDLE,
    /** This peer is the proposer and is obtaining round keys. */
    PROPOSING,
    /** Waiting for a proposal, or for view changes as the next proposer. */
    WAITING,
    /** A proposal was verified and accepted; votes are being collected. */
    VOTING,
    /** This peer rejected the round's proposal. */
    REJECTED
  }
}
