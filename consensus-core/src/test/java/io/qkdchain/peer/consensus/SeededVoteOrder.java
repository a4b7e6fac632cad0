package io.qkdchain.peer.consensus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Vote-chain orders from a seeded shuffle, standing in for the QRNG. */
final class SeededVoteOrder implements VoteOrderSource {

  private final Random random;

  SeededVoteOrder(long seed) {
    this.random = new Random(seed);
  }

  @Override
  public DrawnOrder draw(List<PeerId> members) {
    List<PeerId> order = new ArrayList<>(members);
    Collections.shuffle(order, random);
    return new DrawnOrder(order, true);
  }
}
