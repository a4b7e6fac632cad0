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
    long[] powers = powersOfX(lowCoefficients, tagBits, 8);
    this.byteTable = reductionTables(powers, tagBits, 1);
    this.firstColumns = new WindowCorrelation(firstColumns(key, powers, tagBits), tagBits);
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
      tables = reductionTables(powersOfX(lowCoefficients, tagBits, 64), tagBits, 8);
      wordTables = tables;
    }
    return tables;
  }

  private BitString wrap(long[] g) {
    return BitString.wrap(g, tagBits);
  }

  /**
   * {@code x^(t+i) mod p} for {@code i < count}, {@code t} bits each, {@code i}-th at {@code i *
   * words}.
   */
  private static long[] powersOfX(long[] low, int t, int count) {
    int words = BitString.wordsFor(t);
    long[] powers = new long[count * words];
    long[] power = Arrays.copyOf(low, words); // x^t mod p = c(x)
    for (int i = 0; i < count; i++) {
      System.arraycopy(power, 0, powers, i * words, words);
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
    return powers;
  }

  /**
   * For {@code b < planes} and every byte value {@code m} as it sits in the message (most
   * significant bit first), word {@code w} of {@code m(x) x^(t+8b) mod p} in the same bit order, at
   * {@code ((w * planes + b) << 8) | m}; {@code powers} holds {@code x^(t+i) mod p} for {@code i <
   * 8 * planes}.
   */
  private static long[] reductionTables(long[] powers, int t, int planes) {
    int words = BitString.wordsFor(t);
    long[] table = new long[planes * 256 * words];
    for (int w = 0; w < words; w++) {
      for (int b = 0; b < planes; b++) {
        int plane = (w * planes + b) << 8;
        // Entry 2^j + m is entry m XOR the entry for bit j alone: a loop the JIT vectorises.
        for (int j = 0; j < 8; j++) {
          // Bit j of a byte on the wire is x^(8b + 7 - j).
          long single = Long.reverse(Long.reverseBytes(powers[(8 * b + 7 - j) * words + w]));
          int half = 1 << j;
          for (int m = 0; m < half; m++) {
            table[plane + half + m] = table[plane + m] ^ single;
          }
        }
      }
    }
    return table;
  }

  /**
   * {@code a_0 .. a_{2t-2}} as little-endian bytes, padded for {@link WindowCorrelation}: the bits
   * the first {@code t} columns are made of (and {@code a_{2t-1}}, unused). Since {@code a_{k+m} =
   * <x^m mod p, (a_k .. a_{k+t-1})>} (the state after {@code m} steps depends on {@code x^m mod p}
   * only), each step reads the state at a byte offset and produces eight bits {@code a_{k+t} ..
   * a_{k+t+7}} from {@code x^(t+e) mod p}, {@code e < 8}.
   */
  private static byte[] firstColumns(LfsrKey key, long[] powers, int t) {
    int words = BitString.wordsFor(t);
    int tagBytes = t >>> 3;
    byte[] a = new byte[2 * tagBytes + WindowCorrelation.paddingBytes(t)];
    byte[] state = Bits.toLittleEndianBytes(key.initialState().words(), tagBytes, 0);
    System.arraycopy(state, 0, a, 0, tagBytes);
    for (int k = 0; k < tagBytes; k++) {
      int next = 0;
      for (int e = 0; e < 8; e++) {
        long parity = 0;
        for (int w = 0; w < words; w++) {
          parity ^= powers[e * words + w] & (long) Bits.LONGS_LE.get(a, k + (w << 3));
        }
        next |= (Long.bitCount(parity) & 1) << e;
      }
      a[tagBytes + k] = (byte) next;
    }
    return a;
  }
}
