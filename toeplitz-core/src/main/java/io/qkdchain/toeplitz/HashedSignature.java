package io.qkdchain.toeplitz;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/** A peer's entry in the Toeplitz group signature: SHA-256 of {@code tagBits + "-" + peerId}. */
public record HashedSignature(String hex) {

  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  public HashedSignature {
    Objects.requireNonNull(hex, "hex");
    if (!HEX64.matcher(hex).matches()) {
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
