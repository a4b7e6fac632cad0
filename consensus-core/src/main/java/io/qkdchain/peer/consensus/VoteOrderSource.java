package io.qkdchain.peer.consensus;

import java.util.List;

/** Draws the order of a vote chain: a uniformly random permutation of the members (QRNG). */
public interface VoteOrderSource {

  DrawnOrder draw(List<PeerId> members);

  /** A permutation, and whether it came from the QRNG or from the configured fallback. */
  record DrawnOrder(List<PeerId> order, boolean fromQrng) {
    public DrawnOrder {
      order = List.copyOf(order);
    }
  }
}
