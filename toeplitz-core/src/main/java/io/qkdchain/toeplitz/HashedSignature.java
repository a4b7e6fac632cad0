package io.qkdchain.toeplitz;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** A peer's entry in the Toeplitz group signature: SHA-256 of {@code tagBits + "-" + peerId}. */
public record HashedSignature(String hex) {

  public HashedSignature {
    Objects.requireNonNull(hex, "hex");
    if (!hex.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "a hashed signature is 64 lowercase hex characters, got '" + hex + "'");
    }
  }

  public static HashedSignature of(BitString tag, String peerId) {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(peerId, "peerId");
    if (tag.isEmpty()) {
      throw new IllegalArgumentException("cannot sign an empty tag");
    }
    byte[] input = (tag.toBinaryString() + "-" + peerId).getBytes(StandardCharsets.UTF_8);
    return new HashedSignature(HexFormat.of().formatHex(sha256().digest(input)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return hex;
  }
}
