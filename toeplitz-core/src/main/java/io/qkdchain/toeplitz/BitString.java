package io.qkdchain.toeplitz;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable string of bits, bit 0 first.
 *
 * <p>Bits are packed into longs with bit {@code i} at position {@code i % 64} of word {@code i /
 * 64}, so that shifting a word right moves towards lower indices; bits past {@link #length()} are
 * always zero, which lets {@link #equals} and the hash engines work on whole words. Byte and hex
 * conversions use the project's convention: most significant bit of each byte first.
 */
public final class BitString {

  private static final BitString EMPTY = new BitString(new long[0], 0);

  private final long[] words;
  private final int length;

  private BitString(long[] words, int length) {
    this.words = words;
    this.length = length;
  }

  /** Takes ownership of {@code words}; callers inside the package must not modify them later. */
  static BitString wrap(long[] words, int length) {
    if (words.length != wordsFor(length)) {
      throw new IllegalArgumentException(
          "need " + wordsFor(length) + " words for " + length + " bits, got " + words.length);
    }
    int tail = length & 63;
    if (tail != 0 && (words[words.length - 1] >>> tail) != 0) {
      throw new IllegalArgumentException("bits set past the end of a " + length + "-bit string");
    }
    return new BitString(words, length);
  }

  public static BitString empty() {
    return EMPTY;
  }

  /** The bits of {@code bytes}, most significant bit of each byte first. */
  public static BitString fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    long[] words = new long[wordsFor(bytes.length * 8)];
    for (int i = 0; i < bytes.length; i++) {
      words[i >>> 3] |= (Bits.reverseByte(bytes[i]) & 0xFFL) << ((i & 7) << 3);
    }
    return new BitString(words, bytes.length * 8);
  }

  /** Parses a string of '0' and '1' characters, bit 0 first. */
  public static BitString fromBinaryString(String bits) {
    Objects.requireNonNull(bits, "bits");
    long[] words = new long[wordsFor(bits.length())];
    for (int i = 0; i < bits.length(); i++) {
      char c = bits.charAt(i);
      if (c == '1') {
        words[i >>> 6] |= 1L << i;
      } else if (c != '0') {
        throw new IllegalArgumentException(
            "not a binary string: character '" + c + "' at index " + i);
      }
    }
    return new BitString(words, bits.length());
  }

  /** Parses hex digits, each giving four bits, most significant first ("a" is 1010). */
  public static BitString fromHex(String hex) {
    Objects.requireNonNull(hex, "hex");
    long[] words = new long[wordsFor(hex.length() * 4)];
    for (int d = 0; d < hex.length(); d++) {
      int nibble = Character.digit(hex.charAt(d), 16);
      if (nibble < 0) {
        throw new IllegalArgumentException(
            "not a hex string: character '" + hex.charAt(d) + "' at index " + d);
      }
      for (int k = 0; k < 4; k++) {
        int i = 4 * d + k;
        words[i >>> 6] |= (long) ((nibble >>> (3 - k)) & 1) << i;
      }
    }
    return new BitString(words, hex.length() * 4);
  }

  public int length() {
    return length;
  }

  public boolean isEmpty() {
    return length == 0;
  }

  public boolean bit(int index) {
    Objects.checkIndex(index, length);
    return ((words[index >>> 6] >>> index) & 1) != 0;
  }

  public BitString xor(BitString other) {
    requireSameLength(other, "xor");
    long[] result = new long[words.length];
    for (int w = 0; w < words.length; w++) {
      result[w] = words[w] ^ other.words[w];
    }
    return new BitString(result, length);
  }

  /** Bits {@code [from, to)}. */
  public BitString slice(int from, int to) {
    Objects.checkFromToIndex(from, to, length);
    return new BitString(Bits.extract(words, from, to - from), to - from);
  }

  /** This string followed by {@code other}. */
  public BitString concat(BitString other) {
    long[] result = Arrays.copyOf(words, wordsFor(length + other.length));
    Bits.xorInto(result, length, other.words, other.length);
    return new BitString(result, length + other.length);
  }

  public boolean isAllZero() {
    for (long word : words) {
      if (word != 0) {
        return false;
      }
    }
    return true;
  }

  public String toBinaryString() {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = ((words[i >>> 6] >>> i) & 1) != 0 ? '1' : '0';
    }
    return new String(chars);
  }

  /** Lowercase hex, four bits a digit; the length must be a multiple of 4. */
  public String toHex() {
    if (length % 4 != 0) {
      throw new IllegalStateException(
          "a " + length + "-bit string has no hex form (length must be a multiple of 4)");
    }
    char[] chars = new char[length / 4];
    for (int d = 0; d < chars.length; d++) {
      int nibble = 0;
      for (int k = 0; k < 4; k++) {
        int i = 4 * d + k;
        nibble = (nibble << 1) | (int) ((words[i >>> 6] >>> i) & 1);
      }
      chars[d] = Character.forDigit(nibble, 16);
    }
    return new String(chars);
  }

  /** The bits as bytes, most significant bit first; the length must be a multiple of 8. */
  public byte[] toBytes() {
    if (length % 8 != 0) {
      throw new IllegalStateException(
          "a " + length + "-bit string has no byte form (length must be a multiple of 8)");
    }
    byte[] bytes = new byte[length / 8];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = Bits.reverseByte((byte) (words[i >>> 3] >>> ((i & 7) << 3)));
    }
    return bytes;
  }

  /** The packed words; package code treats them as read-only. */
  long[] words() {
    return words;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BitString other
        && length == other.length
        && Arrays.equals(words, other.words);
  }

  @Override
  public int hashCode() {
    return 31 * length + Arrays.hashCode(words);
  }

  /** Deliberately not the bits: a BitString often holds key material, which must not be logged. */
  @Override
  public String toString() {
    return "BitString[" + length + " bits]";
  }

  static int wordsFor(long bits) {
    return (int) ((bits + 63) >>> 6);
  }

  private void requireSameLength(BitString other, String operation) {
    if (other.length != length) {
      throw new IllegalArgumentException(
          "cannot "
              + operation
              + " a "
              + length
              + "-bit string with a "
              + other.length
              + "-bit one");
    }
  }
}
