package io.qkdchain.etsi014;

import java.util.Arrays;
import java.util.List;

/**
 * A round key both ends of a QKD link hold: the key IDs in the order the master received them, and
 * the first {@code bits / 8} bytes of the concatenation of those keys in that order (the rule of
 * {@code docs/toeplitz.md}, "in the order of their key IDs as exchanged": the order is the
 * exchanged list, not sorted). The bytes can be taken once; closing zeroes them if not taken.
 */
public final class SharedKey implements AutoCloseable {

  private final List<String> keyIds;
  private final int bits;
  private byte[] bytes;

  private SharedKey(List<String> keyIds, int bits, byte[] bytes) {
    this.keyIds = List.copyOf(keyIds);
    this.bits = bits;
    this.bytes = bytes;
  }

  /**
   * Concatenates the keys in list order and keeps the first {@code bits / 8} bytes. The source keys
   * are zeroed, whether or not this succeeds.
   */
  static SharedKey assemble(List<QkdKey> keys, int bits, String operation) {
    try {
      int needed = bits / 8;
      long available = keys.stream().mapToLong(key -> key.material().length).sum();
      if (available < needed) {
        throw new MalformedKmeResponse(
            operation,
            "keys " + ids(keys) + " hold " + available * 8 + " bits, the round needs " + bits);
      }
      byte[] bytes = new byte[needed];
      int filled = 0;
      for (QkdKey key : keys) {
        int take = Math.min(key.material().length, needed - filled);
        System.arraycopy(key.material(), 0, bytes, filled, take);
        filled += take;
      }
      return new SharedKey(ids(keys), bits, bytes);
    } finally {
      keys.forEach(QkdKey::zero);
    }
  }

  private static List<String> ids(List<QkdKey> keys) {
    return keys.stream().map(QkdKey::keyId).toList();
  }

  /** The key IDs in exchange order; the master sends exactly this list to the slave. */
  public List<String> keyIds() {
    return keyIds;
  }

  public int bits() {
    return bits;
  }

  /**
   * Hands over the key bytes; the caller now owns the array and should zero it after use.
   *
   * @throws IllegalStateException if already taken or closed
   */
  public synchronized byte[] takeBytes() {
    if (bytes == null) {
      throw new IllegalStateException("the bytes of round key " + keyIds + " were already taken");
    }
    byte[] taken = bytes;
    bytes = null;
    return taken;
  }

  /** Zeroes the bytes unless they were taken. */
  @Override
  public synchronized void close() {
    if (bytes != null) {
      Arrays.fill(bytes, (byte) 0);
      bytes = null;
    }
  }

  @Override
  public String toString() {
    return "SharedKey[keyIds=" + keyIds + ", bits=" + bits + "]";
  }
}
