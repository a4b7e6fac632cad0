package io.qkdchain.peer.auth;

import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.keys.LinkKeyStream;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The KMEs of a QKD network in memory, with the ETSI 014 rules that matter here: a master draws
 * fresh keys for a slave; the slave reads each by ID once, and only a key made by the master it
 * names and addressed to itself (else refused, all or none, nothing consumed). A peer's KME can be
 * taken down.
 */
final class MemoryKmes {

  private record Stored(PeerId master, PeerId slave, byte[] bytes) {}

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Stored> keys = new ConcurrentHashMap<>();
  private final Set<PeerId> down = ConcurrentHashMap.newKeySet();
  private final Map<String, byte[]> drawnCopies = new ConcurrentHashMap<>();
  final AtomicLong bitsDrawn = new AtomicLong();
  final AtomicLong reads = new AtomicLong();

  void down(PeerId peer) {
    down.add(peer);
  }

  void up(PeerId peer) {
    down.remove(peer);
  }

  /** What a test may know and a peer never tells: the bytes of the key drawn under this ID. */
  byte[] drawnKey(String firstKeyId) {
    return drawnCopies.get(firstKeyId).clone();
  }

  boolean waiting(String keyId) {
    return keys.containsKey(keyId);
  }

  /** A key {@code master} drew for {@code slave} outside the link authentication (a round key). */
  String roundKey(PeerId master, PeerId slave) {
    String id = UUID.randomUUID().toString();
    keys.put(id, new Stored(master, slave, new byte[32]));
    return id;
  }

  LinkKeyStream stream(PeerId self, PeerId other) {
    return new LinkKeyStream() {
      @Override
      public CompletionStage<DrawnKey> draw(int bits) {
        if (down.contains(self)) {
          return CompletableFuture.failedFuture(new IllegalStateException("KME unreachable"));
        }
        // Several keys of at most 1024 bits, as a KME with max_key_size 1024 would hand them out.
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<String> ids = new java.util.ArrayList<>();
        for (int left = bits; left > 0; left -= 1024) {
          byte[] key = new byte[Math.min(left, 1024) / 8];
          random.nextBytes(key);
          String id = UUID.randomUUID().toString();
          keys.put(id, new Stored(self, other, key));
          ids.add(id);
          all.writeBytes(key);
        }
        bitsDrawn.addAndGet(bits);
        drawnCopies.put(ids.get(0), all.toByteArray());
        return CompletableFuture.completedFuture(new DrawnKey(ids, all.toByteArray()));
      }

      @Override
      public CompletionStage<byte[]> read(List<String> keyIds, int bits) {
        if (down.contains(self)) {
          return CompletableFuture.failedFuture(new IllegalStateException("KME unreachable"));
        }
        synchronized (keys) {
          for (String id : keyIds) {
            Stored key = keys.get(id);
            if (key == null) {
              return CompletableFuture.failedFuture(
                  new IllegalStateException("400: key_ID unknown or already delivered"));
            }
            if (!key.master().equals(other) || !key.slave().equals(self)) {
              return CompletableFuture.failedFuture(
                  new IllegalStateException("401: key_ID was not made for master " + other));
            }
          }
          ByteArrayOutputStream all = new ByteArrayOutputStream();
          for (String id : keyIds) {
            all.writeBytes(keys.remove(id).bytes());
          }
          reads.incrementAndGet();
          byte[] bytes = all.toByteArray();
          return CompletableFuture.completedFuture(java.util.Arrays.copyOf(bytes, bits / 8));
        }
      }
    };
  }
}
