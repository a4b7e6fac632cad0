package io.qkdchain.peer.auth;

import io.qkdchain.peer.consensus.PeerId;
import java.util.Comparator;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The nonces each peer used within the timestamp window, so a captured request cannot be replayed.
 * Bounded per peer: when full, the oldest nonce is forgotten and its timestamp becomes a floor that
 * later requests must pass, so forgetting never reopens a replay (an overflowing peer at worst has
 * its own delayed requests refused). Only requests whose MAC verified are recorded, so outsiders
 * cannot fill it.
 */
final class NonceCache {

  /** Why a nonce was refused, or {@code FRESH}. */
  enum Verdict {
    FRESH,
    REPLAYED,
    BELOW_FLOOR
  }

  private record Seen(long timestamp, String nonce) {}

  private final class PeerNonces {
    private final PriorityQueue<Seen> byAge =
        new PriorityQueue<>(Comparator.comparingLong(Seen::timestamp));
    private final Set<String> nonces = new HashSet<>();
    private long floor = Long.MIN_VALUE;

    synchronized Verdict use(String nonce, long timestamp, long now) {
      while (!byAge.isEmpty() && byAge.peek().timestamp() < now - windowMillis) {
        nonces.remove(byAge.poll().nonce());
      }
      if (timestamp <= floor) {
        return Verdict.BELOW_FLOOR;
      }
      if (nonces.contains(nonce)) {
        return Verdict.REPLAYED;
      }
      if (nonces.size() >= capacityPerPeer) {
        Seen oldest = byAge.poll();
        nonces.remove(oldest.nonce());
        floor = Math.max(floor, oldest.timestamp());
        if (timestamp <= floor) {
          return Verdict.BELOW_FLOOR;
        }
      }
      byAge.add(new Seen(timestamp, nonce));
      nonces.add(nonce);
      return Verdict.FRESH;
    }

    synchronized int size() {
      return nonces.size();
    }
  }

  private final long windowMillis;
  private final int capacityPerPeer;
  private final ConcurrentHashMap<PeerId, PeerNonces> byPeer = new ConcurrentHashMap<>();

  /**
   * @param windowMillis the allowed clock skew: a request stamped {@code t} is refused as stale
   *     once {@code now > t + windowMillis}, so its nonce need not be remembered after that
   */
  NonceCache(long windowMillis, int capacityPerPeer) {
    this.windowMillis = windowMillis;
    this.capacityPerPeer = capacityPerPeer;
  }

  /** Records a verified request's nonce; anything but {@code FRESH} means refuse it. */
  Verdict use(PeerId peer, String nonce, long timestamp, long now) {
    return byPeer.computeIfAbsent(peer, p -> new PeerNonces()).use(nonce, timestamp, now);
  }

  int size(PeerId peer) {
    PeerNonces nonces = byPeer.get(peer);
    return nonces == null ? 0 : nonces.size();
  }
}
