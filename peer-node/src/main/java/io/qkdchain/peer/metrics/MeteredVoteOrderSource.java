package io.qkdchain.peer.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.VoteOrderSource;
import java.util.List;

/**
 * Counts the orders the engine draws, by where each came from: {@code qkdchain.qrng.draws} with
 * {@code origin=qrng} or {@code origin=fallback} (SecureRandom, with no QRNG configured or while it
 * fails). A draw that fails (QRNG down under policy {@code fail}) counts nothing and is passed on
 * to the engine as it was thrown.
 */
public final class MeteredVoteOrderSource implements VoteOrderSource {

  private final VoteOrderSource orders;
  private final Counter qrng;
  private final Counter fallback;

  public MeteredVoteOrderSource(VoteOrderSource orders, MeterRegistry registry) {
    this.orders = orders;
    this.qrng = draws(registry, "qrng");
    this.fallback = draws(registry, "fallback");
  }

  private static Counter draws(MeterRegistry registry, String origin) {
    return Counter.builder("qkdchain.qrng.draws")
        .description("Member orders this peer drew, from the QRNG or the fallback")
        .tag("origin", origin)
        .register(registry);
  }

  @Override
  public DrawnOrder draw(List<PeerId> members) {
    DrawnOrder drawn = orders.draw(members);
    (drawn.fromQrng() ? qrng : fallback).increment();
    return drawn;
  }
}
