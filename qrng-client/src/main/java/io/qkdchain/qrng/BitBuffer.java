package io.qkdchain.qrng;

/**
 * Random bytes consumed a few bits at a time, most significant bit first, so that one block of
 * entropy serves many small draws. Not thread-safe: its owners synchronise.
 */
final class BitBuffer {

  private byte[] bytes = new byte[0];
  private int nextByte;
  private long pending;
  private int pendingBits;

  void append(byte[] more) {
    int unread = bytes.length - nextByte;
    byte[] joined = new byte[unread + more.length];
    System.arraycopy(bytes, nextByte, joined, 0, unread);
    System.arraycopy(more, 0, joined, unread, more.length);
    bytes = joined;
    nextByte = 0;
  }

  long availableBits() {
    return pendingBits + 8L * (bytes.length - nextByte);
  }

  /** Takes {@code count} bits (0 to 31); the caller first makes sure enough are available. */
  int take(int count) {
    RandomSource.checkBitCount(count);
    if (availableBits() < count) {
      throw new IllegalStateException(
          "asked for " + count + " bits, only " + availableBits() + " buffered");
    }
    while (pendingBits < count) {
      pending = (pending << 8) | (bytes[nextByte++] & 0xFF);
      pendingBits += 8;
    }
    pendingBits -= count;
    int value = (int) ((pending >>> pendingBits) & ((1L << count) - 1));
    pending &= (1L << pendingBits) - 1;
    return value;
  }
}
