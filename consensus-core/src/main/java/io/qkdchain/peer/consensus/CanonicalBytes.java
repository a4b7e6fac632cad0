package io.qkdchain.peer.consensus;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Big-endian, length-prefixed encoding used for block hashes and MAC'ed bytes (docs/messages.md).
 */
final class CanonicalBytes {

  private final ByteArrayOutputStream out;

  CanonicalBytes(int expectedSize) {
    out = new ByteArrayOutputStream(Math.max(64, expectedSize));
  }

  CanonicalBytes ascii(String magic) {
    out.writeBytes(magic.getBytes(StandardCharsets.US_ASCII));
    return this;
  }

  CanonicalBytes u64(long value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift));
    }
    return this;
  }

  CanonicalBytes u32(long value) {
    if (value < 0 || value > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("value does not fit in uint32: " + value);
    }
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift));
    }
    return this;
  }

  CanonicalBytes hash(String hexHash) {
    byte[] raw = HexFormat.of().parseHex(hexHash);
    if (raw.length != 32) {
      throw new IllegalArgumentException("a hash must be 32 bytes (64 hex characters)");
    }
    out.writeBytes(raw);
    return this;
  }

  CanonicalBytes str16(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    if (utf8.length > 0xFFFF) {
      throw new IllegalArgumentException("string longer than 65535 UTF-8 bytes");
    }
    out.write(utf8.length >>> 8);
    out.write(utf8.length);
    out.writeBytes(utf8);
    return this;
  }

  CanonicalBytes str32(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    u32(utf8.length);
    out.writeBytes(utf8);
    return this;
  }

  CanonicalBytes raw(byte[] bytes) {
    out.writeBytes(bytes);
    return this;
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
