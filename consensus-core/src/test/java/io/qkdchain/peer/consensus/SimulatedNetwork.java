package io.qkdchain.peer.consensus;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The classical channel between simulated peers: random delays (hence reordering), silent drops,
 * duplicates, partitions, and crashed peers, whose sends fail like a refused connection.
 */
final class SimulatedNetwork {

  /** How the network misbehaves; delays are uniform in {@code [minDelay, maxDelay]} ms. */
  record Conditions(long minDelayMillis, long maxDelayMillis, double drop, double duplicate) {
    static Conditions calm() {
      return new Conditions(1, 5, 0, 0);
    }
  }

  /** Sees every message in flight; returns what to deliver, or null to lose it. */
  interface Interceptor {
    PeerMessage intercept(PeerId from, PeerId to, PeerMessage message);
  }

  private final VirtualTime time;
  private final Random random;
  private final Map<PeerId, ConsensusEngine> live = new HashMap<>();
  private final Map<PeerId, ChainStore> chains = new HashMap<>();
  private final Set<Set<PeerId>> cuts = new HashSet<>();
  private Conditions conditions = Conditions.calm();
  private Interceptor interceptor = (from, to, message) -> message;
  private long messages;

  SimulatedNetwork(VirtualTime time, long seed) {
    this.time = time;
    this.random = new Random(seed);
  }

  void conditions(Conditions newConditions) {
    conditions = newConditions;
  }

  void intercept(Interceptor newInterceptor) {
    interceptor = newInterceptor;
  }

  void up(PeerId peer, ConsensusEngine engine, ChainStore chain) {
    live.put(peer, engine);
    chains.put(peer, chain);
  }

  void down(PeerId peer) {
    live.remove(peer);
  }

  void cut(PeerId a, PeerId b) {
    if (!a.equals(b)) {
      cuts.add(Set.of(a, b));
    }
  }

  void heal() {
    cuts.clear();
  }

  long messages() {
    return messages;
  }

  Transport transportFor(PeerId self) {
    return new Transport() {
      @Override
      public CompletionStage<Void> send(PeerId to, PeerMessage message) {
        return SimulatedNetwork.this.send(self, to, message);
      }

      @Override
      public CompletionStage<List<CommittedBlock>> fetchBlocks(
          PeerId from, long fromIndex, int limit) {
        CompletableFuture<List<CommittedBlock>> result = new CompletableFuture<>();
        time.after(
            2 * delay(),
            () -> {
              if (reachable(self, from)) {
                result.complete(chains.get(from).range(fromIndex, limit));
              } else {
                result.completeExceptionally(new IOException(from + " is unreachable"));
              }
            });
        return result;
      }
    };
  }

  private CompletionStage<Void> send(PeerId from, PeerId to, PeerMessage message) {
    messages++;
    CompletableFuture<Void> accepted = new CompletableFuture<>();
    long delay = delay();
    if (!reachable(from, to)) {
      time.after(delay, () -> accepted.completeExceptionally(new IOException(to + " refused")));
      return accepted;
    }
    PeerMessage delivered = interceptor.intercept(from, to, message);
    if (delivered == null || random.nextDouble() < conditions.drop()) {
      time.after(delay, () -> accepted.complete(null));
      return accepted;
    }
    time.after(
        delay,
        () -> {
          if (reachable(from, to)) {
            live.get(to).receive(from, delivered);
            accepted.complete(null);
          } else {
            accepted.completeExceptionally(new IOException(to + " went away"));
          }
        });
    if (random.nextDouble() < conditions.duplicate()) {
      time.after(
          delay(),
          () -> {
            if (reachable(from, to)) {
              live.get(to).receive(from, delivered);
            }
          });
    }
    return accepted;
  }

  private boolean reachable(PeerId from, PeerId to) {
    return live.containsKey(from)
        && live.containsKey(to)
        && (from.equals(to) || !cuts.contains(Set.of(from, to)));
  }

  private long delay() {
    long span = conditions.maxDelayMillis() - conditions.minDelayMillis();
    return conditions.minDelayMillis() + (span <= 0 ? 0 : random.nextLong(span + 1));
  }
}
