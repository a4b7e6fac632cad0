package io.qkdchain.peer.storage;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Which block holds each committed transaction, for every transaction ever committed, so it must
 * stay small: a peer's ids are UUIDs in canonical form, kept as two longs in an open-addressing
 * table with an int block index, 20 bytes a slot, the table between 3/8 and 3/4 full: 27 to 53
 * bytes a transaction where a {@code HashMap<String, Long>} took about 160 (measured: 750,000
 * transactions filled 120 MB). Plain arrays are also nothing for the collector to trace. Any other
 * id (the genesis block's) goes to a small map. Not thread-safe.
 */
final class TransactionIndex {

  private static final int FREE = 0;

  private final Map<String, Integer> otherIds = new HashMap<>();
  private long[] high = new long[1024];
  private long[] low = new long[1024];
  // Block index + 1, so that 0 marks a free slot.
  private int[] blockPlusOne = new int[1024];
  private int uuids;

  /** The block holding {@code id}, if committed. */
  OptionalLong blockOf(String id) {
    long[] uuid = parseCanonicalUuid(id);
    if (uuid == null) {
      Integer block = otherIds.get(id);
      return block == null ? OptionalLong.empty() : OptionalLong.of(block);
    }
    int slot = find(uuid[0], uuid[1]);
    return blockPlusOne[slot] == FREE
        ? OptionalLong.empty()
        : OptionalLong.of(blockPlusOne[slot] - 1L);
  }

  /** Records {@code id} as committed in {@code block}; a later call for the same id replaces it. */
  void put(String id, long block) {
    if (block < 0 || block >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException("block index " + block + " out of range");
    }
    long[] uuid = parseCanonicalUuid(id);
    if (uuid == null) {
      otherIds.put(id, (int) block);
      return;
    }
    if (4L * (uuids + 1) > 3L * high.length) {
      grow();
    }
    int slot = find(uuid[0], uuid[1]);
    if (blockPlusOne[slot] == FREE) {
      high[slot] = uuid[0];
      low[slot] = uuid[1];
      uuids++;
    }
    blockPlusOne[slot] = (int) block + 1;
  }

  int size() {
    return uuids + otherIds.size();
  }

  /** The slot holding this id, or the free slot where it belongs (linear probing, load <= 3/4). */
  private int find(long hi, long lo) {
    int mask = high.length - 1;
    int slot = mix(hi, lo) & mask;
    while (blockPlusOne[slot] != FREE && (high[slot] != hi || low[slot] != lo)) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private void grow() {
    long[] oldHigh = high;
    long[] oldLow = low;
    int[] oldBlocks = blockPlusOne;
    high = new long[oldHigh.length * 2];
    low = new long[oldLow.length * 2];
    blockPlusOne = new int[oldBlocks.length * 2];
    for (int i = 0; i < oldBlocks.length; i++) {
      if (oldBlocks[i] != FREE) {
        int slot = find(oldHigh[i], oldLow[i]);
        high[slot] = oldHigh[i];
        low[slot] = oldLow[i];
        blockPlusOne[slot] = oldBlocks[i];
      }
    }
  }

  private static int mix(long hi, long lo) {
    long h = (hi * 0x9E3779B97F4A7C15L) ^ lo;
    h ^= h >>> 31;
    h *= 0xBF58476D1CE4E5B9L;
    return (int) (h ^ (h >>> 29));
  }

  /**
   * The two halves of a UUID written exactly as {@code UUID.toString()} writes it (36 characters,
   * lowercase hex, dashes at 8, 13, 18 and 23), else null. {@code UUID.fromString} is lenient (it
   * takes "1-1-1-1-1"), which would let two different id strings share a key.
   */
  static long[] parseCanonicalUuid(String id) {
    if (id.length() != 36) {
      return null;
    }
    long hi = 0;
    long lo = 0;
    int digits = 0;
    for (int i = 0; i < 36; i++) {
      char c = id.charAt(i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') {
          return null;
        }
        continue;
      }
      int value;
      if (c >= '0' && c <= '9') {
        value = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        value = c - 'a' + 10;
      } else {
        return null;
      }
      if (digits < 16) {
        hi = (hi << 4) | value;
      } else {
        lo = (lo << 4) | value;
      }
      digits++;
    }
    return new long[] {hi, lo};
  }
}
