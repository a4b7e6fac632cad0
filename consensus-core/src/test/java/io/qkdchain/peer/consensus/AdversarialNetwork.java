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
import java.util.function.BiConsumer;

/**
 * The classical channel of a cluster with Byzantine members, on one virtual clock. A member's
 * identity may run as two copies (Twins, Bano et al.): every honest peer sits on one of two sides
 * and talks to the copy of that side; copies of different twinned members pair up by side. Honest
 * peers on different sides may be cut from each other too, and the sides change over time. Links
 * are authenticated: a receiver always learns the true sending identity. A link may also be cut in
 * one direction only (a firewall rule, a half-broken route): requests get through one way and not
 * the other, and a catch-up fetch needs both. Every message a live process sends is shown to an
 * observer first (the oracle), whoever sends it; a process that died in the middle of a step sends
 * nothing.
 */
final class AdversarialNetwork {

  /** One running copy of a member: copy 0, or 1 for the second twin. */
  record Endpoint(PeerId id, int copy) {
    static Endpoint of(PeerId id) {
      return new Endpoint(id, 0);
    }
  }

  /** What a member answers when asked for committed blocks (its chain, or its lies). */
  interface BlockServer {
    List<CommittedBlock> range(long fromIndex, int limit);
  }

  /** Sees each message as its sender hands it to the network. */
  interface Observer {
    void sent(Endpoint from, PeerId to, PeerMessage message);
  }

  private final VirtualTime time;
  private final Random random;
  private final Set<PeerId> twinned = new HashSet<>();
  private final Map<PeerId, Integer> side = new HashMap<>();
  private final Map<Endpoint, BiConsumer<PeerId, PeerMessage>> live = new HashMap<>();
  private final Map<Endpoint, BlockServer> servers = new HashMap<>();
  private final Set<Set<PeerId>> cuts = new HashSet<>();
  private final Set<List<PeerId>> oneWayCuts = new HashSet<>();
  private SimulatedNetwork.Conditions conditions = SimulatedNetwork.Conditions.calm();
  private boolean sidesCut;
  private Observer observer = (from, to, message) -> {};
  private long messages;

  AdversarialNetwork(VirtualTime time, long seed) {
    this.time = time;
    this.random = new Random(seed);
  }

  void twin(PeerId member) {
    twinned.add(member);
  }

  boolean isTwinned(PeerId member) {
    return twinned.contains(member);
  }

  void observe(Observer newObserver) {
    observer = newObserver;
  }

  void conditions(SimulatedNetwork.Conditions newConditions) {
    conditions = newConditions;
  }

  /** Puts an honest peer on side 0 or 1: it talks to that copy of each twinned member. */
  void side(PeerId honest, int newSide) {
    side.put(honest, newSide);
  }

  int sideOf(PeerId honest) {
    return side.getOrDefault(honest, 0);
  }

  /** Whether honest peers on different sides are cut from each other. */
  void cutSides(boolean cut) {
    sidesCut = cut;
  }

  void cut(PeerId a, PeerId b) {
    if (!a.equals(b)) {
      cuts.add(Set.of(a, b));
    }
  }

  /** Cuts the link from {@code from} to {@code to} only: the other direction still works. */
  void cutOneWay(PeerId from, PeerId to) {
    if (!from.equals(to)) {
      oneWayCuts.add(List.of(from, to));
    }
  }

  /** Heals every cut: honest peers all talk to each other again (twins keep their sides). */
  void heal() {
    cuts.clear();
    oneWayCuts.clear();
    sidesCut = false;
  }

  void up(Endpoint endpoint, BiConsumer<PeerId, PeerMessage> inbox, BlockServer server) {
    live.put(endpoint, inbox);
    servers.put(endpoint, server);
  }

  void down(Endpoint endpoint) {
    live.remove(endpoint);
  }

  long messages() {
    return messages;
  }

  /** The copy of {@code to} that a message from {@code from} reaches, or null when cut off. */
  Endpoint route(Endpoint from, PeerId to) {
    if (from.id().equals(to)
        || cuts.contains(Set.of(from.id(), to))
        || oneWayCuts.contains(List.of(from.id(), to))) {
      return null;
    }
    Endpoint target;
    if (twinned.contains(to)) {
      target = new Endpoint(to, twinned.contains(from.id()) ? from.copy() : sideOf(from.id()));
    } else if (twinned.contains(from.id())) {
      target = sideOf(to) == from.copy() ? Endpoint.of(to) : null;
    } else {
      target = !sidesCut || sideOf(from.id()) == sideOf(to) ? Endpoint.of(to) : null;
    }
    return target != null && live.containsKey(from) && live.containsKey(target) ? target : null;
  }

  Transport transportFor(Endpoint self) {
    return new Transport() {
      @Override
      public CompletionStage<Void> send(PeerId to, PeerMessage message) {
        return AdversarialNetwork.this.send(self, to, message);
      }

      @Override
      public CompletionStage<List<CommittedBlock>> fetchBlocks(
          PeerId from, long fromIndex, int limit) {
        return AdversarialNetwork.this.fetch(self, from, fromIndex, limit);
      }
    };
  }

  CompletionStage<Void> send(Endpoint from, PeerId to, PeerMessage message) {
    if (!live.containsKey(from)) {
      return CompletableFuture.failedFuture(new IOException(from.id() + " is not running"));
    }
    messages++;
    observer.sent(from, to, message);
    CompletableFuture<Void> accepted = new CompletableFuture<>();
    long delay = delay();
    Endpoint target = route(from, to);
    if (target == null) {
      time.after(delay, () -> accepted.completeExceptionally(new IOException(to + " refused")));
      return accepted;
    }
    if (random.nextDouble() < conditions.drop()) {
      time.after(delay, () -> accepted.complete(null));
      return accepted;
    }
    time.after(
        delay,
        () -> {
          if (target.equals(route(from, to))) {
            live.get(target).accept(from.id(), message);
            accepted.complete(null);
          } else {
            accepted.completeExceptionally(new IOException(to + " went away"));
          }
        });
    if (random.nextDouble() < conditions.duplicate()) {
      time.after(
          delay(),
          () -> {
            if (target.equals(route(from, to))) {
              live.get(target).accept(from.id(), message);
            }
          });
    }
    return accepted;
  }

  private CompletionStage<List<CommittedBlock>> fetch(
      Endpoint self, PeerId from, long fromIndex, int limit) {
    CompletableFuture<List<CommittedBlock>> result = new CompletableFuture<>();
    time.after(
        2 * delay(),
        () -> {
          Endpoint target = route(self, from);
          if (target != null && route(target, self.id()) != null) {
            result.complete(servers.get(target).range(fromIndex, limit));
          } else {
            result.completeExceptionally(new IOException(from + " is unreachable"));
          }
        });
    return result;
  }

  private long delay() {
    long span = conditions.maxDelayMillis() - conditions.minDelayMillis();
    return conditions.minDelayMillis() + (span <= 0 ? 0 : random.nextLong(span + 1));
  }
}
