package io.qkdchain.toeplitz;

import java.util.Locale;

/** The two Toeplitz MAC constructions of docs/toeplitz.md, with their round-key sizes. */
public enum ToeplitzFamily {

  /** A fresh {@code t x n} matrix per message: key cost grows with the message. */
  FULL("full") {
    @Override
    public int roundKeyBits(int tagBits, long messageBits) {
      validateTagBits(tagBits);
      requireMessageBits(messageBits);
      long bits = messageBits + 2L * tagBits - 1;
      long rounded = (bits + 7) / 8 * 8;
      if (rounded > MAX_ROUND_KEY_BITS) {
        throw new IllegalArgumentException(
            "a full-family round key for a "
                + messageBits
                + "-bit message would need "
                + rounded
                + " bits, more than the "
                + MAX_ROUND_KEY_BITS
                + " supported");
      }
      return (int) rounded;
    }
  },

  /** Krawczyk's LFSR-based matrices: {@code 3t} key bits whatever the message length. */
  LFSR("lfsr") {
    @Override
    public int roundKeyBits(int tagBits, long messageBits) {
      validateTagBits(tagBits);
      requireMessageBits(messageBits);
      return 3 * tagBits;
    }

    @Override
    public void validateTagBits(int tagBits) {
      super.validateTagBits(tagBits);
      if (tagBits % 8 != 0) {
        throw new IllegalArgumentException(
            "lfsr tags must be a multiple of 8 bits, got " + tagBits);
      }
    }
  };

  /** Bounds the cost of the polynomial search and keeps tag strings printable in one line. */
  public static final int MAX_TAG_BITS = 4096;

  public static final int MAX_ROUND_KEY_BITS = Integer.MAX_VALUE - 63;

  private final String wireName;

  ToeplitzFamily(String wireName) {
    this.wireName = wireName;
  }

  /** {@code K}: how many round-key bits a MAC of {@code messageBits} bits with this family uses. */
  public abstract int roundKeyBits(int tagBits, long messageBits);

  /** Rejects tag lengths this family cannot produce, naming the reason. */
  public void validateTagBits(int tagBits) {
    if (tagBits < 1 || tagBits > MAX_TAG_BITS) {
      throw new IllegalArgumentException(
          "tag length must be between 1 and " + MAX_TAG_BITS + " bits, got " + tagBits);
    }
  }

  /** The name used in docs, vectors and the CLI: {@code full} or {@code lfsr}. */
  public String wireName() {
    return wireName;
  }

  public static ToeplitzFamily fromWireName(String name) {
    for (ToeplitzFamily family : values()) {
      if (family.wireName.equals(name.toLowerCase(Locale.ROOT))) {
        return family;
      }
    }
    throw new IllegalArgumentException(
        "unknown Toeplitz family '" + name + "' (expected full or lfsr)");
  }

  private static void requireMessageBits(long messageBits) {
    if (messageBits < 0) {
      throw new IllegalArgumentException("message length cannot be negative: " + messageBits);
    }
  }
}
