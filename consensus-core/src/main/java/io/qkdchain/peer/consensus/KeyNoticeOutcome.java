package io.qkdchain.peer.consensus;

/** What became of a key notice at the slave (docs/protocol.md, "Key notices"). */
public enum KeyNoticeOutcome {
  /** The key is being read ahead of its proposal. */
  READ_AHEAD,
  /** A proposal named the announced key and took it (read again if the read ahead failed). */
  USED,
  /** A newer notice took the place of an announced key no proposal had used: that key is spent. */
  EVICTED,
  /**
   * A duplicate, a key length this peer would not use, a notice from itself, or one arriving while
   * the proposer's earlier reads are still in flight (a flood costs at most two KME calls at once).
   */
  IGNORED
}
