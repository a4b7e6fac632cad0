package io.qkdchain.toeplitz;

import java.util.Objects;

/**
 * The {@code lfsr} family: column {@code j} of the matrix is the LFSR state {@code (a_j ..
 * a_{j+t-1})}, so {@code T[i][j] = a_{i+j}}.
 *
 * <p>The state after {@code j} steps is {@code A^j} applied to the initial state, for the companion
 * matrix {@code A} of {@code p}, and {@code p(A) = 0}; so the hash of a message {@code X(x) = sum
 * of x_j x^j} equals the hash of {@code X mod p}, which has only {@code t} bits and needs only the
 * first {@code t} columns. The reduction is CRC-like, a byte at a time from the top, with a
 * 256-entry table of {@code m(x) x^t mod p} built per key.
 */
public final class LfsrToeplitzHash implements ToeplitzHash {

  private final LfsrKey key;
  private final int tagBits;
  private final int tagWords;
  private final long[] reductionTable;
  private final WindowCorrelation firstColumns;

  public LfsrToeplitzHash(LfsrKey key) {
    this.key = Objects.requireNonNull(key, "key");
    this.tagBits = key.tagBits();
    this.tagWords = BitString.wordsFor(tagBits);
    this.reductionTable = reductionTable(key.polynomial().lowCoefficients().words(), tagBits);
    this.firstColumns =
        new WindowCorrelation(sequence(key, tagBits, tagWords), 2L * tagBits - 1, tagBits);
  }

  public LfsrKey key() {
    return key;
  }

  @Override
  public ToeplitzFamily family() {
    return ToeplitzFamily.LFSR;
  }

  @Override
  public int tagBits() {
    return tagBits;
  }

  @Override
  public BitString hash(byte[] message) {
    if (8L * message.length <= tagBits) {
      return wrap(firstColumns.correlate(message, message.length, true));
    }
    byte[] buffer = new byte[message.length + 8 * tagWords];
    for (int q = 0; q < message.length; q++) {
      buffer[q] = Bits.reverseByte(message[q]);
    }
    return reduceAndHash(buffer, message.length);
  }

  @Override
  public BitString hash(BitString message) {
    int byteCount = (message.length() + 7) >>> 3;
    byte[] buffer = Bits.toLittleEndianBytes(message.words(), byteCount, 8 * tagWords);
    if (message.length() <= tagBits) {
      return wrap(firstColumns.correlate(buffer, byteCount, false));
    }
    return reduceAndHash(buffer, byteCount);
  }

  /**
   * Reduces the polynomial in {@code buffer} (bit {@code k} of byte {@code q} is the coefficient of
   * {@code x^(8q+k)}) modulo {@code p} in place, then hashes the remainder.
   */
  private BitString reduceAndHash(byte[] buffer, int byteCount) {
    int tagBytes = tagBits >>> 3;
    int words = tagWords;
    long[] table = reductionTable;
    for (int q = byteCount - 1; q >= tagBytes; q--) {
      int m = buffer[q] & 0xFF;
      if (m != 0) {
        // m(x) x^(8q) = (m(x) x^t mod p) x^(8q - t); byte q itself is then dead, never read again.
        int at = q - tagBytes;
        int entry = m * words;
        for (int k = 0; k < words; k++) {
          int offset = at + (k << 3);
          Bits.LONGS_LE.set(
              buffer, offset, (long) Bits.LONGS_LE.get(buffer, offset) ^ table[entry + k]);
        }
      }
    }
    return wrap(firstColumns.correlate(buffer, tagBytes, false));
  }

  private BitString wrap(long[] g) {
    return BitString.wrap(g, tagBits);
  }

  /** Entry {@code m}: {@code m(x) x^t mod p}, {@code t} bits, for every byte value {@code m}. */
  private static long[] reductionTable(long[] low, int t) {
    int words = BitString.wordsFor(t);
    long[] table = new long[256 * words];
    long[] power = java.util.Arrays.copyOf(low, words); // x^t mod p = c(x)
    for (int bit = 0; bit < 8; bit++) {
      System.arraycopy(power, 0, table, (1 << bit) * words, words);
      boolean overflow = ((power[(t - 1) >>> 6] >>> (t - 1)) & 1) != 0;
      for (int w = words - 1; w > 0; w--) {
        power[w] = (power[w] << 1) | (power[w - 1] >>> 63);
      }
      power[0] <<= 1;
      Bits.clearTail(power, t);
      if (overflow) {
        for (int w = 0; w < words; w++) {
          power[w] ^= low[w];
        }
      }
    }
    for (int m = 3; m < 256; m++) {
      int lowest = m & -m;
      if (lowest != m) {
        int dst = m * words;
        int a = (m ^ lowest) * words;
        int b = lowest * words;
        for (int w = 0; w < words; w++) {
          table[dst + w] = table[a + w] ^ table[b + w];
        }
      }
    }
    return table;
  }

  /** {@code a_0 .. a_{2t-2}}: the bits the first {@code t} columns are made of. */
  private static long[] sequence(LfsrKey key, int t, int tagWords) {
    long[] c = key.polynomial().lowCoefficients().words();
    long[] a = java.util.Arrays.copyOf(key.initialState().words(), BitString.wordsFor(2L * t));
    long[] state = key.initialState().words().clone();
    int topWord = (t - 1) >>> 6;
    int topBit = (t - 1) & 63;
    for (int k = t; k < 2 * t - 1; k++) {
      long parity = 0;
      for (int w = 0; w < tagWords; w++) {
        parity ^= state[w] & c[w];
      }
      long next = Long.bitCount(parity) & 1L;
      a[k >>> 6] |= next << k;
      for (int w = 0; w < tagWords - 1; w++) {
        state[w] = (state[w] >>> 1) | (state[w + 1] << 63);
      }
      state[topWord] = (state[topWord] >>> 1) | (next << topBit);
    }
    return a;
  }
}
