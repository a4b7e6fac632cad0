package io.qkdchain.peer.keys;

import io.qkdchain.peer.consensus.KeyHandle;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.RoundKeySource;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Round keys without QKD: drawn from a CSPRNG by the proposer and sent inside the proposal. Anyone
 * who reads the classical channel can forge MACs, so this is a test and demo mode, labelled so at
 * start-up; it keeps the original MVP's fallback available.
 */
public final class ClassicalRoundKeySource implements RoundKeySource {

  private final SecureRandom random;

  public ClassicalRoundKeySource(SecureRandom random) {
    this.random = random;
  }

  @Override
  public CompletionStage<IssuedRoundKey> issue(PeerId slave, int bits) {
    requireWholeBytes(bits);
    byte[] key = new byte[bits / 8];
    random.nextBytes(key);
    KeyHandle handle = new KeyHandle.ClassicalKey(HexFormat.of().formatHex(key));
    return CompletableFuture.completedFuture(new IssuedRoundKey(handle, key));
  }

  @Override
  public CompletionStage<byte[]> obtain(PeerId master, KeyHandle handle, int bits) {
    if (!(handle instanceof KeyHandle.ClassicalKey classical)) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException(
              "the link to " + master + " is classical, but the proposal carries QKD key IDs"));
    }
    byte[] key = HexFormat.of().parseHex(classical.keyHex());
    if (key.length * 8 != bits) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException(
              "classical key from "
                  + master
                  + " has "
                  + key.length * 8
                  + " bits, expected "
                  + bits));
    }
    return CompletableFuture.completedFuture(key);
  }

  private static void requireWholeBytes(int bits) {
    if (bits <= 0 || bits % 8 != 0) {
      throw new IllegalArgumentException(
          "round key bits must be a positive multiple of 8: " + bits);
    }
  }
}
