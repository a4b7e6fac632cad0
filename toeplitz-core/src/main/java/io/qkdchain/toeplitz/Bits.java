package io.qkdchain.toeplitz;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Word-level operations on packed bits (bit {@code i} at position {@code i % 64} of word i/64). */
final class Bits {

  /** Reads a long from any byte offset; the JIT turns this into one unaligned load. */
  static final VarHandle LONGS_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final byte[] REVERSED = new byte[256];

  static {
    for (int b = 0; b < 256; b++) {
      REVERSED[b] = (byte) (Integer.reverse(b) >>> 24);
    }
  }

  private Bits() {}

  static byte reverseByte(byte b) {
    return REVERSED[b & 0xFF];
  }

  /** Bits {@code [from, from + length)} of {@code src} as a fresh array with a zero tail. */
  static long[] extract(long[] src, long from, int length) {
    long[] out = new long[BitString.wordsFor(length)];
    int word = (int) (from >>> 6);
    int shift = (int) (from & 63);
    for (int w = 0; w < out.length; w++) {
      long lo = word + w < src.length ? src[word + w] : 0;
      long hi = word + w + 1 < src.length ? src[word + w + 1] : 0;
      out[w] = shift == 0 ? lo : (lo >>> shift) | (hi << (64 - shift));
    }
    clearTail(out, length);
    return out;
  }

  /** XORs the first {@code srcLength} bits of {@code src} into {@code dst} from bit {@code at}. */
  static void xorInto(long[] dst, long at, long[] src, int srcLength) {
    int word = (int) (at >>> 6);
    int shift = (int) (at & 63);
    int srcWords = BitString.wordsFor(srcLength);
    for (int w = 0; w < srcWords; w++) {
      long v = src[w];
      if (w == srcWords - 1 && (srcLength & 63) != 0) {
        v &= (1L << srcLength) - 1;
      }
      dst[word + w] ^= v << shift;
      if (shift != 0 && word + w + 1 < dst.length) {
        dst[word + w + 1] ^= v >>> (64 - shift);
      }
    }
  }

  /** The first {@code length} bits of {@code src} in reverse order. */
  static long[] reverse(long[] src, int length) {
    long[] out = new long[BitString.wordsFor(length)];
    for (int i = 0; i < length; i++) {
      int j = length - 1 - i;
      out[i >>> 6] |= ((src[j >>> 6] >>> j) & 1) << i;
    }
    return out;
  }

  static void clearTail(long[] words, long length) {
    int tail = (int) (length & 63);
    if (tail != 0) {
      words[words.length - 1] &= (1L << tail) - 1;
    }
  }

  /**
   * The words as little-endian bytes, so byte {@code q} holds bits {@code 8q..8q+7}, followed by
   * {@code padding} zero bytes that let readers load whole longs past the end.
   */
  static byte[] toLittleEndianBytes(long[] words, int byteCount, int padding) {
    byte[] out = new byte[byteCount + padding];
    int whole = Math.min(words.length, byteCount >>> 3);
    for (int w = 0; w < whole; w++) {
      LONGS_LE.set(out, w << 3, words[w]);
    }
    for (int q = whole << 3; q < byteCount; q++) {
      out[q] = (byte) (words[q >>> 3] >>> ((q & 7) << 3));
    }
    return out;
  }
}
