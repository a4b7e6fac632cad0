package io.qkdchain.peer.transport;

import io.qkdchain.peer.consensus.ConsensusSettings;

/**
 * Bounds on what peers may send: the request body (large enough for a batch carrying a full block
 * even if every character needed a JSON escape) and the blocks per catch-up page.
 */
public record InboundLimits(int maxBodyBytes, int maxBlocksPerPage) {

  public static InboundLimits of(ConsensusSettings consensus, int maxBlocksPerPage) {
    long body = 6 * (consensus.maxBlockBytes() + consensus.maxTransactionBytes()) + (1 << 20);
    return new InboundLimits((int) Math.min(Integer.MAX_VALUE - 8, body), maxBlocksPerPage);
  }
}
