package io.qkdchain.etsi014;

import java.util.ArrayList;
import java.util.List;

/**
 * How a round key of {@code bits} bits is drawn from a KME: {@code keyCount} keys of {@code
 * keySizeBits} each, at most {@code keysPerRequest} per {@code enc_keys} call.
 *
 * <p>The plan prefers an exact fit ({@code keyCount * keySizeBits == bits}), trying up to twice the
 * minimum number of keys to find one. When the KME's limits allow none (say {@code min_key_size} is
 * above {@code bits}), the keys together hold more than needed and the round key is their first
 * {@code bits / 8} bytes: a rule both sides apply, so they still agree.
 */
public record KeyPlan(int bits, int keyCount, int keySizeBits, int keysPerRequest) {

  public KeyPlan {
    requireRoundKeyBits(bits);
    if (keyCount < 1 || keySizeBits < 8 || keySizeBits % 8 != 0 || keysPerRequest < 1) {
      throw new IllegalArgumentException(
          "invalid plan: %d key(s) of %d bits, %d per request"
              .formatted(keyCount, keySizeBits, keysPerRequest));
    }
    if ((long) keyCount * keySizeBits < bits) {
      throw new IllegalArgumentException("plan gives fewer than " + bits + " bits");
    }
  }

  /** Plans within the limits of a KME's status. */
  public static KeyPlan forBits(int bits, KeyStatus status) {
    requireRoundKeyBits(bits);
    int smallest = roundUpTo8(Math.max(8, status.minKeySize()));
    int largest = status.maxKeySize() / 8 * 8;
    if (smallest > largest) {
      throw new MalformedKmeResponse(
          "status",
          "min_key_size %d and max_key_size %d allow no whole-byte key"
              .formatted(status.minKeySize(), status.maxKeySize()));
    }
    int fewest = ceilDiv(bits, largest);
    for (int count = fewest; count <= 2 * fewest; count++) {
      if (bits % count == 0) {
        int size = bits / count;
        if (size % 8 == 0 && size >= smallest && size <= largest) {
          return new KeyPlan(bits, count, size, status.maxKeyPerRequest());
        }
      }
    }
    int size = Math.max(smallest, roundUpTo8(ceilDiv(bits, fewest)));
    return new KeyPlan(bits, fewest, size, status.maxKeyPerRequest());
  }

  /** Number of keys in each successive {@code enc_keys} request. */
  public List<Integer> batches() {
    List<Integer> batches = new ArrayList<>();
    for (int left = keyCount; left > 0; left -= keysPerRequest) {
      batches.add(Math.min(left, keysPerRequest));
    }
    return batches;
  }

  /** Bits fetched beyond {@code bits}, dropped from the end of the concatenation. */
  public long excessBits() {
    return (long) keyCount * keySizeBits - bits;
  }

  static void requireRoundKeyBits(int bits) {
    if (bits <= 0 || bits % 8 != 0) {
      throw new IllegalArgumentException("bits must be a positive multiple of 8, was " + bits);
    }
  }

  private static int roundUpTo8(int value) {
    return ceilDiv(value, 8) * 8;
  }

  private static int ceilDiv(int a, int b) {
    return (int) (((long) a + b - 1) / b);
  }
}
