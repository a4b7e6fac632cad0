package io.qkdchain.peer.transport;

import io.qkdchain.peer.consensus.ConsensusSettings;

/**
 * Bounds on what peers may send: the request body (large enough for a batch carrying a full block
 * even if every character needed a JSON escape) and the blocks and bytes per catch-up page.
 */
public record InboundLimits(int maxBodyBytes, int maxBlocksPerPage, long maxPageBytes) {

  public InboundLimits(int maxBodyBytes, int maxBlocksPerPage) {
    this(maxBodyBytes, maxBlocksPerPage, 4L * 1024 * 1024);
  }

  public static InboundLimits of(ConsensusSettings consensus, int maxBlocksPerPage) {
    return of(consensus, maxBlocksPerPage, 4L * 1024 * 1024);
  }

  public static InboundLimits of(
      ConsensusSettings consensus, int maxBlocksPerPage, long maxPageBytes) {
    long body = 6 * (consensus.maxBlockBytes() + consensus.maxTransactionBytes()) + (1 << 20);
    return new InboundLimits(
        (int) Math.min(Integer.MAX_VALUE - 8, body), maxBlocksPerPage, maxPageBytes);
  }
}
