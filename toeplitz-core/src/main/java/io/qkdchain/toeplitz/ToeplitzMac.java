package io.qkdchain.toeplitz;

import java.util.Objects;

/**
 * A Toeplitz MAC keyed for one message of a known length: {@code tag = hash XOR pad}. The pad makes
 * it single-use: a second {@link #tag} call throws {@link PadReuseException}.
 */
public final class ToeplitzMac {

  private final ToeplitzHash hash;
  private final OneTimePad pad;
  private final long messageBits;

  public ToeplitzMac(ToeplitzHash hash, OneTimePad pad, long messageBits) {
    this.hash = Objects.requireNonNull(hash, "hash");
    this.pad = Objects.requireNonNull(pad, "pad");
    if (pad.length() != hash.tagBits()) {
      throw new IllegalArgumentException(
          "a "
              + hash.tagBits()
              + "-bit hash needs a "
              + hash.tagBits()
              + "-bit pad, got "
              + pad.length());
    }
    this.messageBits = messageBits;
  }

  public ToeplitzFamily family() {
    return hash.family();
  }

  public int tagBits() {
    return hash.tagBits();
  }

  public long messageBits() {
    return messageBits;
  }

  /** The keyed hash without the pad: linear, reusable, for tests and diagnostics. */
  public ToeplitzHash hash() {
    return hash;
  }

  /** The tag of {@code message} (bytes, most significant bit first); once per MAC. */
  public BitString tag(byte[] message) {
    requireLength(8L * message.length);
    return pad.mask(hash.hash(message));
  }

  public BitString tag(BitString message) {
    requireLength(message.length());
    return pad.mask(hash.hash(message));
  }

  private void requireLength(long bits) {
    if (bits != messageBits) {
      throw new IllegalArgumentException(
          "this MAC was keyed for a " + messageBits + "-bit message, got " + bits + " bits");
    }
  }
}
