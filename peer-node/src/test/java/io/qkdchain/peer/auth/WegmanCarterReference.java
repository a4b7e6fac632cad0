package io.qkdchain.peer.auth;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * docs/messages.md's {@code qkd-wegman-carter} tag and docs/toeplitz.md's lfsr layout transcribed
 * one bit at a time, sharing no code with the peer or toeplitz-core: polynomials over GF(2) as
 * {@link BigInteger}s, irreducibility by Ben-Or's test, the LFSR sequence and the Toeplitz product
 * bit by bit. Slow on purpose.
 */
final class WegmanCarterReference {

  private WegmanCarterReference() {}

  /** The message the tag covers, written out from the documented lines. */
  static byte[] message(
      String mode,
      String method,
      String target,
      String sender,
      String receiver,
      long epoch,
      String keyId,
      int pad,
      byte[] body) {
    String head =
        "QKDCHAIN-LINK-AUTH-v1\n"
            + mode
            + "\n"
            + method
            + "\n"
            + target
            + "\n"
            + sender
            + "\n"
            + receiver
            + "\n"
            + epoch
            + "\n"
            + keyId
            + "\n"
            + pad
            + "\n";
    byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(body, 0, all, headBytes.length, body.length);
    return all;
  }

  /** The tag as lowercase hex, tag bit 0 the most significant bit of the first byte. */
  static String tagHex(byte[] epochKey, int t, int pad, byte[] message) {
    boolean[] k = bits(epochKey);
    // Polynomial: bit i of the candidate is c_i; c_0 forced to 1; step by 2 until irreducible.
    BigInteger c = BigInteger.ZERO;
    for (int i = 0; i < t; i++) {
      if (k[i]) {
        c = c.setBit(i);
      }
    }
    c = c.setBit(0);
    BigInteger modulus = BigInteger.ONE.shiftLeft(t);
    while (!irreducible(c.setBit(t), t)) {
      c = c.add(BigInteger.TWO).mod(modulus);
    }
    boolean[] state = new boolean[t];
    boolean allZero = true;
    for (int i = 0; i < t; i++) {
      state[i] = k[t + i];
      allZero &= !state[i];
    }
    if (allZero) {
      state[0] = true;
    }
    boolean[] x = bits(message);
    int n = x.length;
    boolean[] a = new boolean[n + t];
    System.arraycopy(state, 0, a, 0, t);
    for (int j = 0; j + t < a.length; j++) {
      boolean next = false;
      for (int r = 0; r < t; r++) {
        next ^= c.testBit(r) && a[j + r];
      }
      a[j + t] = next;
    }
    StringBuilder hex = new StringBuilder();
    int nibble = 0;
    for (int i = 0; i < t; i++) {
      boolean h = false;
      for (int j = 0; j < n; j++) {
        h ^= a[i + j] && x[j];
      }
      boolean padBit = k[2 * t + pad * t + i];
      nibble = (nibble << 1) | ((h ^ padBit) ? 1 : 0);
      if (i % 4 == 3) {
        hex.append(Character.forDigit(nibble, 16));
        nibble = 0;
      }
    }
    return hex.toString();
  }

  private static boolean[] bits(byte[] bytes) {
    boolean[] out = new boolean[bytes.length * 8];
    for (int j = 0; j < out.length; j++) {
      out[j] = ((bytes[j / 8] >> (7 - j % 8)) & 1) == 1;
    }
    return out;
  }

  /** Ben-Or: p of degree t is irreducible iff gcd(x^(2^i) - x mod p, p) = 1 for i = 1..t/2. */
  static boolean irreducible(BigInteger p, int t) {
    BigInteger x = BigInteger.TWO;
    BigInteger power = x;
    for (int i = 1; i <= t / 2; i++) {
      power = mulMod(power, power, p);
      if (!gcd(power.xor(x), p).equals(BigInteger.ONE)) {
        return false;
      }
    }
    return true;
  }

  private static BigInteger mulMod(BigInteger a, BigInteger b, BigInteger p) {
    BigInteger product = BigInteger.ZERO;
    for (int j = 0; j < b.bitLength(); j++) {
      if (b.testBit(j)) {
        product = product.xor(a.shiftLeft(j));
      }
    }
    return mod(product, p);
  }

  private static BigInteger mod(BigInteger a, BigInteger p) {
    int degree = p.bitLength() - 1;
    while (a.bitLength() - 1 >= degree) {
      a = a.xor(p.shiftLeft(a.bitLength() - 1 - degree));
    }
    return a;
  }

  private static BigInteger gcd(BigInteger a, BigInteger b) {
    while (b.signum() != 0) {
      BigInteger r = mod(a, b);
      a = b;
      b = r;
    }
    return a;
  }
}
