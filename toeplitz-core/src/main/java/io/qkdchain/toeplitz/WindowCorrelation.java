package io.qkdchain.toeplitz;

/**
 * The kernel both families reduce to: {@code g[r] = XOR over message bits j of x[j] AND w[j + r]}
 * for {@code r < t}, that is the sum of the {@code t}-bit windows of a sequence {@code w} that
 * start at the set bits of the message. The Toeplitz matrix is never built.
 *
 * <p>Rather than XOR one window per set bit, each message byte adds a single window (the one at its
 * byte offset, {@code t + 7} bits wide) into a bucket chosen by the byte's value. Afterwards the
 * buckets are folded into one sum per bit position of a byte, and the sum for bit {@code k} is
 * shifted by {@code k}: eight shifts per message instead of one shift per set bit. Folding 256
 * buckets costs a few microseconds, so short messages use two 16-bucket tables (one per nibble),
 * which cost a little more per byte and almost nothing to fold.
 */
final class WindowCorrelation {

  private static final int SHORT_MESSAGE_BYTES = 512;

  private static final int BLOCK_BYTES = 8192;

  private final byte[] window;
  private final int tagBits;
  private final int bucketWords;

  /** {@code sequence} holds the first {@code sequenceBits} bits of {@code w}. */
  WindowCorrelation(long[] sequence, long sequenceBits, int tagBits) {
    this(
        Bits.toLittleEndianBytes(sequence, (int) ((sequenceBits + 7) >>> 3), paddingBytes(tagBits)),
        tagBits);
  }

  /**
   * {@code window} holds {@code w} as little-endian bytes (bit {@code k} of byte {@code q} is
   * {@code w[8q+k]}) followed by at least {@link #paddingBytes} zero bytes; it is not copied.
   */
  WindowCorrelation(byte[] window, int tagBits) {
    this.tagBits = tagBits;
    this.bucketWords = (tagBits + 7 + 63) >>> 6;
    this.window = window;
  }

  /** How far past the last message byte windows are read. */
  static int paddingBytes(int tagBits) {
    return 8 * ((tagBits + 7 + 63) >>> 6) + 8;
  }

  /**
   * Correlates the first {@code byteCount} bytes of {@code message}; with {@code msbFirst} bit 0 of
   * a byte is its most significant bit (the wire convention), otherwise its least.
   */
  long[] correlate(byte[] message, int byteCount, boolean msbFirst) {
    long[] sums = new long[8 * bucketWords];
    if (byteCount < SHORT_MESSAGE_BYTES) {
      correlateByNibble(message, byteCount, sums);
    } else {
      correlateByByte(message, byteCount, sums);
    }
    return shiftAndAdd(sums, msbFirst);
  }

  private void correlateByByte(byte[] message, int byteCount, long[] sums) {
    // Word k of every bucket in one pass: the inner loop is a single load and XOR, which the JIT
    // unrolls well, where a loop over the few words of one window is not. The passes go block by
    // block so that a block of message and window stays in cache for all of them.
    long[] buckets = new long[256 * bucketWords];
    byte[] w = window;
    for (int start = 0; start < byteCount; start += BLOCK_BYTES) {
      int end = Math.min(byteCount, start + BLOCK_BYTES);
      for (int k = 0; k < bucketWords; k++) {
        int plane = k << 8;
        int offset = k << 3;
        for (int q = start; q < end; q++) {
          buckets[plane | (message[q] & 0xFF)] ^= (long) Bits.LONGS_LE.get(w, q + offset);
        }
      }
    }
    fold(buckets, 8, sums, 0);
  }

  private void correlateByNibble(byte[] message, int byteCount, long[] sums) {
    long[] low = new long[16 * bucketWords];
    long[] high = new long[16 * bucketWords];
    byte[] w = window;
    for (int k = 0; k < bucketWords; k++) {
      int plane = k << 4;
      int offset = k << 3;
      for (int q = 0; q < byteCount; q++) {
        int m = message[q] & 0xFF;
        long v = (long) Bits.LONGS_LE.get(w, q + offset);
        low[plane | (m & 15)] ^= v;
        high[plane | (m >>> 4)] ^= v;
      }
    }
    fold(low, 4, sums, 0);
    fold(high, 4, sums, 4);
  }

  /**
   * Turns buckets indexed by a {@code bits}-bit value into one sum per bit of that value (the sum
   * of the buckets whose index has that bit), peeling the top bit off each index in turn: the
   * transpose of building a subset-XOR table, 2 XORs per bucket. Word {@code k} of bucket {@code m}
   * is at {@code k * 2^bits + m}.
   */
  private void fold(long[] buckets, int bits, long[] sums, int firstBit) {
    int size = 1 << bits;
    for (int m = size - 1; m > 0; m--) {
      int top = 31 - Integer.numberOfLeadingZeros(m);
      int rest = m ^ (1 << top);
      int dst = (firstBit + top) * bucketWords;
      for (int k = 0; k < bucketWords; k++) {
        long v = buckets[k * size + m];
        sums[dst + k] ^= v;
        buckets[k * size + rest] ^= v;
      }
    }
  }

  private long[] shiftAndAdd(long[] sums, boolean msbFirst) {
    int bw = bucketWords;
    long[] g = new long[BitString.wordsFor(tagBits)];
    for (int k = 0; k < 8; k++) {
      int shift = msbFirst ? 7 - k : k;
      int base = k * bw;
      for (int w = 0; w < g.length; w++) {
        long lo = sums[base + w] >>> shift;
        long hi = w + 1 < bw && shift != 0 ? sums[base + w + 1] << (64 - shift) : 0;
        g[w] ^= lo | hi;
      }
    }
    Bits.clearTail(g, tagBits);
    return g;
  }
}
