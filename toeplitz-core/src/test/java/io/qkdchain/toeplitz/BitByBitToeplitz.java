package io.qkdchain.toeplitz;

/**
 * The definitions of docs/toeplitz.md transcribed literally, one bit at a time, as the reference
 * for the packed code. Slow on purpose: nothing clever to get wrong.
 */
final class BitByBitToeplitz {

  private BitByBitToeplitz() {}

  /**
   * {@code h_i = XOR_j T[i][j] x_j}, {@code T[i][j] = s[j-i]} if {@code j >= i}, else {@code
   * s[n-1+i-j]}.
   */
  static BitString fullHash(BitString seed, BitString message, int t) {
    int n = message.length();
    boolean[] s = unpack(seed);
    boolean[] x = unpack(message);
    StringBuilder h = new StringBuilder(t);
    for (int i = 0; i < t; i++) {
      boolean bit = false;
      for (int j = 0; j < n; j++) {
        boolean entry = j >= i ? s[j - i] : s[n - 1 + i - j];
        bit ^= entry && x[j];
      }
      h.append(bit ? '1' : '0');
    }
    return BitString.fromBinaryString(h.toString());
  }

  /** {@code a_{k+t} = XOR_r c_r a_{k+r}}, {@code T[i][j] = a_{i+j}}. */
  static BitString lfsrHash(BitString lowCoefficients, BitString state, BitString message) {
    int t = state.length();
    int n = message.length();
    boolean[] c = unpack(lowCoefficients);
    boolean[] x = unpack(message);
    boolean[] a = new boolean[n + t];
    for (int k = 0; k < t; k++) {
      a[k] = state.bit(k);
    }
    for (int k = 0; k + t < a.length; k++) {
      boolean next = false;
      for (int r = 0; r < t; r++) {
        next ^= c[r] && a[k + r];
      }
      a[k + t] = next;
    }
    StringBuilder h = new StringBuilder(t);
    for (int i = 0; i < t; i++) {
      boolean bit = false;
      for (int j = 0; j < n; j++) {
        bit ^= a[i + j] && x[j];
      }
      h.append(bit ? '1' : '0');
    }
    return BitString.fromBinaryString(h.toString());
  }

  private static boolean[] unpack(BitString bits) {
    boolean[] out = new boolean[bits.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = bits.bit(i);
    }
    return out;
  }

  /** Irreducibility by trial division by every polynomial of lower positive degree. */
  static boolean isIrreducible(long poly) {
    int degree = 63 - Long.numberOfLeadingZeros(poly);
    if (degree < 1) {
      return false;
    }
    for (long divisor = 2; 63 - Long.numberOfLeadingZeros(divisor) <= degree / 2; divisor++) {
      if (remainder(poly, divisor) == 0) {
        return false;
      }
    }
    return true;
  }

  private static long remainder(long a, long b) {
    int db = 63 - Long.numberOfLeadingZeros(b);
    for (int da = 63 - Long.numberOfLeadingZeros(a);
        da >= db;
        da = 63 - Long.numberOfLeadingZeros(a)) {
      a ^= b << (da - db);
      if (a == 0) {
        return 0;
      }
    }
    return a;
  }
}
