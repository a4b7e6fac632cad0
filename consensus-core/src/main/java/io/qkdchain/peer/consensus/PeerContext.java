package io.qkdchain.peer.consensus;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * The wiring one engine's parts share: settings, membership, ports, and the few ways they talk to
 * other peers and come back onto the event loop. Immutable; all mutable state lives in {@link
 * ChainPosition} and the parts themselves.
 */
record PeerContext(
    ConsensusSettings settings,
    Membership membership,
    ChainStore chain,
    ConsensusStateStore store,
    Transport transport,
    RoundKeySource keys,
    VoteOrderSource orders,
    EventLoop loop,
    ConsensusEvents events,
    RandomGenerator random,
    BiConsumer<PeerId, PeerMessage> inbox,
    LoopGate gate) {

  /** Runs loop tasks only while the engine runs, and lets the engine observe each step. */
  interface LoopGate {
    void run(Runnable task);
  }

  PeerId self() {
    return membership.self();
  }

  /**
   * Delivers a message; to this peer itself through its own inbox. The stage fails when the peer
   * could not be reached.
   */
  CompletionStage<Void> deliver(PeerId to, PeerMessage message) {
    if (to.equals(self())) {
      inbox.accept(to, message);
      return CompletableFuture.completedFuture(null);
    }
    try {
      return transport.send(to, message);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Fire and forget: a lost message is recovered by timeouts, re-gossip or catch-up. */
  void send(PeerId to, PeerMessage message) {
    deliver(to, message);
  }

  void broadcast(PeerMessage message) {
    for (PeerId peer : membership.others()) {
      send(peer, message);
    }
  }

  /** Continues on the event loop when {@code stage} completes, whatever thread completes it. */
  <T> void onLoop(CompletionStage<T> stage, BiConsumer<T, Throwable> then) {
    stage.whenComplete(
        (value, error) -> loop.execute(() -> gate.run(() -> then.accept(value, unwrap(error)))));
  }

  /** Calls an asynchronous port, turning a synchronous throw into a failed stage. */
  static <T> CompletionStage<T> call(java.util.function.Supplier<CompletionStage<T>> port) {
    try {
      return port.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  static String describe(Throwable error) {
    Throwable e = unwrap(error);
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
