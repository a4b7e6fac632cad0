package io.qkdchain.simulator.kme;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Keys handed to a master by enc_keys that wait for their slave's dec_keys. Each key is readable
 * once by each of its slaves and then gone. The store is bounded per (master, slave) pair and keys
 * expire, so a master that never tells its slave cannot grow memory without end.
 *
 * <p>All methods are synchronized: operations are a few map look-ups, far cheaper than the HTTP
 * call around them, so one lock is simpler than finer locking and not a bottleneck.
 */
public final class PendingKeys {

  /** A key waiting for its slaves; {@code unread} shrinks as they fetch it. */
  private record PendingKey(
      SaePair pair, Set<String> slaves, Set<String> unread, byte[] material, Instant expiry) {}

  /** A key as dec_keys hands it out. */
  public record ReleasedKey(UUID id, byte[] material) {}

  // Insertion order is creation order and the TTL is constant, so expired keys sit at the head.
  private final Map<UUID, PendingKey> keys = new LinkedHashMap<>();
  private final Map<SaePair, Integer> countByPair = new HashMap<>();
  private final int maxKeysPerPair;
  private final Duration ttl;
  private final Clock clock;

  public PendingKeys(int maxKeysPerPair, Duration ttl, Clock clock) {
    this.maxKeysPerPair = maxKeysPerPair;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** Room left for the pair, i.e. how many more keys enc_keys may make before the store is full. */
  public synchronized int freeSlots(SaePair pair) {
    dropExpired();
    return maxKeysPerPair - countByPair.getOrDefault(pair, 0);
  }

  /**
   * Stores keys for the pair's slave and the additional slaves.
   *
   * @return the new key IDs, in the order of {@code materials}
   * @throws KmeException 503 when the pair already holds the maximum number of waiting keys
   */
  public synchronized List<UUID> store(
      SaePair pair, Set<String> additionalSlaves, List<byte[]> materials) {
    dropExpired();
    int waiting = countByPair.getOrDefault(pair, 0);
    if (waiting + materials.size() > maxKeysPerPair) {
      throw KmeException.unavailable(
          "key store full for "
              + pair
              + ": "
              + waiting
              + " keys wait for dec_keys, the maximum is "
              + maxKeysPerPair
              + " (sim.max-key-count)");
    }
    Instant expiry = clock.instant().plus(ttl);
    List<UUID> ids = new ArrayList<>(materials.size());
    for (byte[] material : materials) {
      Set<String> slaves = new HashSet<>(additionalSlaves);
      slaves.add(pair.slave());
      UUID id = UUID.randomUUID();
      keys.put(id, new PendingKey(pair, Set.copyOf(slaves), slaves, material, expiry));
      ids.add(id);
    }
    countByPair.merge(pair, materials.size(), Integer::sum);
    return ids;
  }

  /**
   * Releases keys to a slave, all or none: if any ID is refused, no key is consumed.
   *
   * @throws KmeException 400 for an unknown, expired or already delivered key ID; 401 for a key
   *     made by another master or not addressed to {@code slave}
   */
  public synchronized List<ReleasedKey> release(String master, String slave, List<UUID> ids) {
    dropExpired();
    if (new HashSet<>(ids).size() != ids.size()) {
      throw KmeException.badRequest("the same key_ID is asked for twice");
    }
    for (UUID id : ids) {
      PendingKey key = keys.get(id);
      Map<String, Object> detail = Map.of("key_ID", id.toString());
      if (key == null) {
        throw KmeException.badRequest(
            "key_ID " + id + " is unknown, expired or already delivered", detail);
      }
      if (!key.pair().master().equals(master)) {
        throw KmeException.unauthorized(
            "key_ID " + id + " was not made for master SAE " + master, detail);
      }
      if (!key.slaves().contains(slave)) {
        throw KmeException.unauthorized(
            "key_ID " + id + " is not addressed to SAE " + slave, detail);
      }
      if (!key.unread().contains(slave)) {
        throw KmeException.badRequest(
            "key_ID " + id + " was already delivered to SAE " + slave, detail);
      }
    }
    List<ReleasedKey> released = new ArrayList<>(ids.size());
    for (UUID id : ids) {
      PendingKey key = keys.get(id);
      key.unread().remove(slave);
      if (key.unread().isEmpty()) {
        forget(id, key);
      }
      released.add(new ReleasedKey(id, key.material()));
    }
    return released;
  }

  private void dropExpired() {
    Instant now = clock.instant();
    Iterator<Map.Entry<UUID, PendingKey>> oldestFirst = keys.entrySet().iterator();
    while (oldestFirst.hasNext()) {
      Map.Entry<UUID, PendingKey> entry = oldestFirst.next();
      if (entry.getValue().expiry().isAfter(now)) {
        return;
      }
      oldestFirst.remove();
      countByPair.computeIfPresent(entry.getValue().pair(), (pair, n) -> n == 1 ? null : n - 1);
    }
  }

  private void forget(UUID id, PendingKey key) {
    keys.remove(id);
    countByPair.computeIfPresent(key.pair(), (pair, n) -> n == 1 ? null : n - 1);
  }
}
