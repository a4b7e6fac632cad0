package io.qkdchain.toeplitz;

import java.util.Arrays;
import java.util.Objects;

/**
 * The {@code lfsr} family: column {@code j} of the matrix is the LFSR state {@code (a_j ..
 * a_{j+t-1})}, so {@code T[i][j] = a_{i+j}}.
 *
 * <p>The state after {@code j} steps is {@code A^j} applied to the initial state, for the companion
 * matrix {@code A} of {@code p}, and {@code p(A) = 0}; so the hash of a message {@code X(x) = sum
 * of x_j x^j} equals the hash of {@code X mod p}, which has only {@code t} bits and needs only the
 * first {@code t} columns.
 *
 * <p>The reduction is CRC-like, from the top of the message down, with tables of {@code m(x)
 * x^(t+8b) mod p} for every byte value {@code m}: one table (built per key, cheap) for short
 * messages, eight (one per byte of a word, built on the first long message) to fold a whole word
 * per step for long ones. The message is reduced in a copy kept in the wire's bit order (most
 * significant bit of each byte first), and table entries are stored in that order too, so no byte
 * of a long message needs its bits reversed.
 */
public final class LfsrToeplitzHash implements ToeplitzHash {

  /** Below this many bytes to fold, building the eight word tables costs more than it saves. */
  private static final int WORD_TABLES_FROM_BYTES = 4096;

  private final LfsrKey key;
  private final int tagBits;
  private final int tagWords;
  private final long[] lowCoefficients;
  private final long[] byteTable;
  private final WindowCorrelation firstColumns;
  private volatile long[] wordTables;

  public LfsrToeplitzHash(LfsrKey key) {
    this.key = Objects.requireNonNull(key, "key");
    this.tagBits = key.tagBits();
    this.tagWords = BitString.wordsFor(tagBits);
    this.lowCoefficients = key.polynomial().lowCoefficients().words();
    this.byteTable = reductionTables(lowCoefficients, tagBits, 1);
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
    byte[] buffer = Arrays.copyOf(message, message.length + 8 * tagWords);
    return reduceAndHash(buffer, message.length);
  }

  @Override
  public BitString hash(BitString message) {
    int padding = (8 - message.length() % 8) % 8;
    return hash(message.concat(BitString.fromBinaryString("0".repeat(padding))).toBytes());
  }

  /**
   * Reduces the message in {@code buffer} modulo {@code p} in place, top down, then hashes the
   * remainder left in its first {@code t/8} bytes. A byte or word at byte offset {@code q} stands
   * for {@code m(x) x^(8q)}, which equals the table entry {@code m(x) x^t mod p} times {@code
   * x^(8q-t)}: an XOR at byte offset {@code q - t/8}, below {@code q}, never read back from {@code
   * q} up.
   */
  private BitString reduceAndHash(byte[] buffer, int byteCount) {
    int tagBytes = tagBits >>> 3;
    int words = tagWords;
    int q = byteCount;
    if (byteCount - tagBytes >= WORD_TABLES_FROM_BYTES) {
      long[] table = wordTables();
      for (; q - 8 >= tagBytes; q -= 8) {
        long chunk = (long) Bits.LONGS_LE.get(buffer, q - 8);
        int at = q - 8 - tagBytes;
        for (int w = 0; w < words; w++) {
          int base = w << 11;
          long sum =
              table[base | ((int) chunk & 0xFF)]
                  ^ table[(base + 256) | ((int) (chunk >>> 8) & 0xFF)]
                  ^ table[(base + 512) | ((int) (chunk >>> 16) & 0xFF)]
                  ^ table[(base + 768) | ((int) (chunk >>> 24) & 0xFF)]
                  ^ table[(base + 1024) | ((int) (chunk >>> 32) & 0xFF)]
                  ^ table[(base + 1280) | ((int) (chunk >>> 40) & 0xFF)]
                  ^ table[(base + 1536) | ((int) (chunk >>> 48) & 0xFF)]
                  ^ table[(base + 1792) | (int) (chunk >>> 56)];
          int offset = at + (w << 3);
          Bits.LONGS_LE.set(buffer, offset, (long) Bits.LONGS_LE.get(buffer, offset) ^ sum);
        }
      }
    }
    long[] table = byteTable;
    for (q = q - 1; q >= tagBytes; q--) {
      int m = buffer[q] & 0xFF;
      if (m != 0) {
        int at = q - tagBytes;
        for (int w = 0; w < words; w++) {
          int offset = at + (w << 3);
          Bits.LONGS_LE.set(
              buffer, offset, (long) Bits.LONGS_LE.get(buffer, offset) ^ table[(w << 8) | m]);
        }
      }
    }
    return wrap(firstColumns.correlate(buffer, tagBytes, true));
  }

  private long[] wordTables() {
    long[] tables = wordTables;
    if (tables == null) {
      // Racing threads may each build it; the result is the same and the field is volatile.
      tables = reductionTables(lowCoefficients, tagBits, 8);
      wordTables = tables;
    }
    return tables;
  }

  private BitString wrap(long[] g) {
    return BitString.wrap(g, tagBits);
  }

  /**
   * For {@code b < planes} and every byte value {@code m} as it sits in the message (most
   * significant bit first), word {@code w} of {@code m(x) x^(t+8b) mod p} in the same bit order, at
   * {@code ((w * planes + b) << 8) | m}.
   */
  private static long[] reductionTables(long[] low, int t, int planes) {
    int words = BitString.wordsFor(t);
    long[] table = new long[planes * 256 * words];
    long[] power = Arrays.copyOf(low, words); // x^t mod p = c(x)
    for (int i = 0; i < 8 * planes; i++) {
      int b = i >>> 3;
      int m = 0x80 >>> (i & 7); // x^(8b + k) is bit 7 - k of the byte on the wire
      for (int w = 0; w < words; w++) {
        table[((w * planes + b) << 8) | m] = Long.reverse(Long.reverseBytes(power[w]));
      }
      timesX(power, low, t);
    }
    for (int b = 0; b < planes; b++) {
      for (int m = 3; m < 256; m++) {
        int lowest = m & -m;
        if (lowest != m) {
          for (int w = 0; w < words; w++) {
            int plane = (w * planes + b) << 8;
            table[plane | m] = table[plane | (m ^ lowest)] ^ table[plane | lowest];
          }
        }
      }
    }
    return table;
  }

  /** {@code power = power * x mod p}, with {@code p = x^t + low}. */
  private static void timesX(long[] power, long[] low, int t) {
    boolean overflow = ((power[(t - 1) >>> 6] >>> (t - 1)) & 1) != 0;
    for (int w = power.length - 1; w > 0; w--) {
      power[w] = (power[w] << 1) | (power[w - 1] >>> 63);
    }
    power[0] <<= 1;
    Bits.clearTail(power, t);
    if (overflow) {
      for (int w = 0; w < power.length; w++) {
        power[w] ^= low[w];
      }
    }
  }

  /** {@code a_0 .. a_{2t-2}}: the bits the first {@code t} columns are made of. */
  private static long[] sequence(LfsrKey key, int t, int tagWords) {
    long[] c = key.polynomial().lowCoefficients().words();
    long[] a = Arrays.copyOf(key.initialState().words(), BitString.wordsFor(2L * t));
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
