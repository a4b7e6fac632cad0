package io.qkdchain.peer.consensus;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The KMEs of every link in one object: a master's {@code issue} stores fresh seeded-random key
 * bits under a new key ID; the named slave may read them once with {@code obtain}, naming the
 * master, as ETSI GS QKD 014's {@code dec_keys} allows. Can be told to fail issues ({@code
 * enc_keys} 503s) and reads ({@code dec_keys} 503s, the key kept for a later try), and counts each.
 */
final class SimulatedKme {

  private record StoredKey(PeerId master, PeerId slave, byte[] bytes) {}

  private final VirtualTime time;
  private final Random random;
  private final Map<String, StoredKey> keys = new HashMap<>();
  private double issueFailureProbability;
  private double obtainFailureProbability;
  private long failedIssues;
  private long failedObtains;
  private long nextId;
  private long issuedBits;

  SimulatedKme(VirtualTime time, long seed) {
    this.time = time;
    this.random = new Random(seed);
  }

  void failIssuesWithProbability(double probability) {
    issueFailureProbability = probability;
  }

  void failObtainsWithProbability(double probability) {
    obtainFailureProbability = probability;
  }

  long failedIssues() {
    return failedIssues;
  }

  long failedObtains() {
    return failedObtains;
  }

  /** A KME restart that loses every key not read yet: a later {@code dec_keys} answers 400. */
  void forgetUnreadKeys() {
    keys.clear();
  }

  long issuedBits() {
    return issuedBits;
  }

  RoundKeySource forPeer(PeerId self) {
    return new RoundKeySource() {
      @Override
      public CompletionStage<IssuedRoundKey> issue(PeerId slave, int bits) {
        CompletableFuture<IssuedRoundKey> result = new CompletableFuture<>();
        time.after(
            1 + random.nextInt(3),
            () -> {
              if (random.nextDouble() < issueFailureProbability) {
                failedIssues++;
                result.completeExceptionally(new IOException("KME answered 503: key exhausted"));
                return;
              }
              byte[] bytes = new byte[(bits + 7) / 8];
              random.nextBytes(bytes);
              String id = "key-" + nextId++;
              keys.put(id, new StoredKey(self, slave, bytes.clone()));
              issuedBits += bits;
              result.complete(new IssuedRoundKey(new KeyHandle.QkdKeyIds(List.of(id)), bytes));
            });
        return result;
      }

      @Override
      public CompletionStage<byte[]> obtain(PeerId master, KeyHandle handle, int bits) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        time.after(
            1 + random.nextInt(3),
            () -> {
              if (random.nextDouble() < obtainFailureProbability) {
                failedObtains++;
                result.completeExceptionally(new IOException("KME answered 503 to dec_keys"));
              } else {
                read(self, master, handle, bits, result);
              }
            });
        return result;
      }
    };
  }

  private void read(
      PeerId slave, PeerId master, KeyHandle handle, int bits, CompletableFuture<byte[]> result) {
    if (!(handle instanceof KeyHandle.QkdKeyIds ids)) {
      result.completeExceptionally(new IOException("this KME serves QKD key IDs only"));
      return;
    }
    byte[] joined = new byte[0];
    for (String id : ids.keyIds()) {
      StoredKey key = keys.get(id);
      if (key == null || !key.slave().equals(slave) || !key.master().equals(master)) {
        result.completeExceptionally(new IOException("KME answered 400: unknown key ID " + id));
        return;
      }
      keys.remove(id);
      byte[] next = new byte[joined.length + key.bytes().length];
      System.arraycopy(joined, 0, next, 0, joined.length);
      System.arraycopy(key.bytes(), 0, next, joined.length, key.bytes().length);
      joined = next;
    }
    if (joined.length * 8L < bits) {
      result.completeExceptionally(new IOException("keys hold fewer than " + bits + " bits"));
      return;
    }
    result.complete(joined);
  }
}
