package io.qkdchain.peer.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which block holds each committed transaction, off the heap: open-addressing hash tables in
 * memory-mapped files ({@code tx-00.table}, {@code tx-01.table}, ...), so that a peer's heap does
 * not grow with its chain. A slot is 20 bytes: {@code [value u32][key 128 bits]} where value is the
 * block index + 1 (0 marks a free slot) and its top bit says whether the key is hashed.
 *
 * <p>A peer's ids are UUIDs in canonical form: their 128 bits are the key, exactly. Any other id
 * (the genesis block's, or what a test or a foreign peer chose) is keyed by the first 128 bits of
 * its SHA-256 with the hashed bit set, so its hit is only a candidate: {@link #exact} says when the
 * caller must confirm it by reading the block.
 *
 * <p>Tables are never rehashed: when the newest is 3/4 full, a new one twice its size is added (up
 * to 2^26 slots each) and the old ones stay read-only, so an append never waits for a rehash. A
 * look-up probes every table, newest first (at 10 million transactions that is 5 tables).
 *
 * <p>One thread appends ({@link #put}); any thread may look up. A look-up only trusts entries of
 * blocks below a height the caller read from a volatile publication made after the puts; an entry
 * being written concurrently is either not yet seen (free slot) or seen with a key that does not
 * match yet, and either way is not returned.
 */
final class TransactionIndex implements AutoCloseable {

  static final int SLOT_BYTES = 20;
  static final int DEFAULT_FIRST_LEVEL_SLOTS = 1 << 20;
  private static final int MAX_LEVEL_SLOTS = 1 << 26;
  private static final int HASHED = 0x8000_0000;
  private static final int BLOCK_MASK = 0x7FFF_FFFF;

  /** What a checkpoint records of the index: its tables and the newest one's occupied slots. */
  record Shape(int levels, long newestCount) {}

  private final Path dir;
  private final int firstLevelSlots;
  private final List<FileChannel> channels = new ArrayList<>();
  private volatile MappedByteBuffer[] levels;
  private long newestCount;
  // Entries of blocks at or above this height were not counted in newestCount by a checkpoint.
  private long countedBelow;

  private TransactionIndex(Path dir, int firstLevelSlots) {
    this.dir = dir;
    this.firstLevelSlots = firstLevelSlots;
    this.levels = new MappedByteBuffer[0];
  }

  /** A new, empty index under {@code dir}; any tables there are deleted first. */
  static TransactionIndex create(Path dir, int firstLevelSlots) {
    if (Integer.bitCount(firstLevelSlots) != 1 || firstLevelSlots > MAX_LEVEL_SLOTS) {
      throw new IllegalArgumentException("first level of " + firstLevelSlots + " slots");
    }
    deleteTablesFrom(dir, 0);
    TransactionIndex index = new TransactionIndex(dir, firstLevelSlots);
    index.addLevel();
    return index;
  }

  /**
   * Reopens the tables a checkpoint describes, taken at {@code height}; tables added after it are
   * deleted (replaying the chain past the checkpoint adds their entries again).
   *
   * @throws IllegalStateException if a table is missing or shorter than its size
   */
  static TransactionIndex reopen(Path dir, int firstLevelSlots, Shape shape, long height) {
    if (shape.levels() < 1) {
      throw new IllegalStateException("a checkpoint with no transaction table");
    }
    TransactionIndex index = new TransactionIndex(dir, firstLevelSlots);
    try {
      for (int level = 0; level < shape.levels(); level++) {
        Path table = tableFile(dir, level);
        long bytes = (long) slotsOf(firstLevelSlots, level) * SLOT_BYTES;
        if (!Files.exists(table) || Files.size(table) < bytes) {
          throw new IllegalStateException(
              table + " is missing or shorter than " + bytes + " bytes");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir, e);
    }
    deleteTablesFrom(dir, shape.levels());
    for (int level = 0; level < shape.levels(); level++) {
      index.mapLevel(level);
    }
    index.newestCount = shape.newestCount();
    index.countedBelow = height;
    return index;
  }

  /**
   * The block holding {@code id} if it is below {@code height}, else -1. For an id that is not
   * {@link #exact}, the block is a candidate the caller must confirm.
   */
  long candidate(String id, long height) {
    long[] key = keyOf(id);
    int flag = key[2] != 0 ? HASHED : 0;
    MappedByteBuffer[] tables = levels;
    for (int level = tables.length - 1; level >= 0; level--) {
      int slot = find(tables[level], key[0], key[1], flag);
      if (slot >= 0) {
        long block = (tables[level].getInt(slot * SLOT_BYTES) & BLOCK_MASK) - 1L;
        return block < height ? block : -1;
      }
    }
    return -1;
  }

  /** Whether a hit for {@code id} is certain (a canonical UUID) rather than a hash candidate. */
  static boolean exact(String id) {
    return parseCanonicalUuid(id) != null;
  }

  /** Records {@code id} as committed in {@code block} (appender only); replaces an older entry. */
  void put(String id, long block) {
    if (block < 0 || block >= BLOCK_MASK) {
      throw new IllegalArgumentException("block index " + block + " out of range");
    }
    long[] key = keyOf(id);
    int flag = key[2] != 0 ? HASHED : 0;
    int value = flag | (int) (block + 1);
    MappedByteBuffer[] tables = levels;
    for (int level = tables.length - 1; level >= 0; level--) {
      int slot = find(tables[level], key[0], key[1], flag);
      if (slot >= 0) {
        MappedByteBuffer table = tables[level];
        long old = (table.getInt(slot * SLOT_BYTES) & BLOCK_MASK) - 1L;
        if (level == tables.length - 1 && old >= countedBelow) {
          // Written before a crash, after the checkpoint that counted the table.
          newestCount++;
        }
        table.putInt(slot * SLOT_BYTES, value);
        return;
      }
    }
    int capacity = slotsOf(firstLevelSlots, tables.length - 1);
    if (4L * (newestCount + 1) > 3L * capacity) {
      addLevel();
      tables = levels;
    }
    MappedByteBuffer newest = tables[tables.length - 1];
    int free = -find(newest, key[0], key[1], flag) - 1;
    newest.putLong(free * SLOT_BYTES + 4, key[0]);
    newest.putLong(free * SLOT_BYTES + 12, key[1]);
    newest.putInt(free * SLOT_BYTES, value);
    newestCount++;
  }

  /** What a checkpoint must record; call with appends held still. */
  Shape shape() {
    return new Shape(levels.length, newestCount);
  }

  /** Writes the tables' changes to disk. */
  void force() {
    for (MappedByteBuffer table : levels) {
      table.force();
    }
  }

  /**
   * The slot holding the key, or {@code -(free slot) - 1} where it belongs. The newest table stays
   * at most 3/4 full and older ones are full only up to that, so a free slot always ends a probe.
   */
  private static int find(MappedByteBuffer table, long hi, long lo, int flag) {
    int slots = table.capacity() / SLOT_BYTES;
    int mask = slots - 1;
    int slot = mix(hi, lo) & mask;
    for (int probes = 0; probes < slots; probes++) {
      int at = slot * SLOT_BYTES;
      int value = table.getInt(at);
      if (value == 0) {
        return -slot - 1;
      }
      if ((value & HASHED) == flag && table.getLong(at + 4) == hi && table.getLong(at + 12) == lo) {
        return slot;
      }
      slot = (slot + 1) & mask;
    }
    throw new IllegalStateException("transaction table of " + slots + " slots is full");
  }

  private void addLevel() {
    mapLevel(levels.length);
    newestCount = 0;
    countedBelow = 0;
  }

  private void mapLevel(int level) {
    Path table = tableFile(dir, level);
    long bytes = (long) slotsOf(firstLevelSlots, level) * SLOT_BYTES;
    try {
      FileChannel channel =
          FileChannel.open(
              table, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      channels.add(channel);
      MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes);
      MappedByteBuffer[] grown = java.util.Arrays.copyOf(levels, level + 1);
      grown[level] = mapped;
      levels = grown;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot map " + table, e);
    }
  }

  static int slotsOf(int firstLevelSlots, int level) {
    long slots = (long) firstLevelSlots << Math.min(level, 30);
    return (int) Math.min(slots, MAX_LEVEL_SLOTS);
  }

  static Path tableFile(Path dir, int level) {
    return dir.resolve(String.format("tx-%02d.table", level));
  }

  private static void deleteTablesFrom(Path dir, int firstLevel) {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.matches("tx-\\d+\\.table")
            && Integer.parseInt(name.substring(3, name.indexOf('.'))) >= firstLevel) {
          Files.delete(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear the transaction tables in " + dir, e);
    }
  }

  private static int mix(long hi, long lo) {
    long h = (hi * 0x9E3779B97F4A7C15L) ^ lo;
    h ^= h >>> 31;
    h *= 0xBF58476D1CE4E5B9L;
    return (int) (h ^ (h >>> 29));
  }

  /** {hi, lo, hashed ? 1 : 0}. */
  private static long[] keyOf(String id) {
    long[] uuid = parseCanonicalUuid(id);
    if (uuid != null) {
      return new long[] {uuid[0], uuid[1], 0};
    }
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 8; i++) {
      hi = (hi << 8) | (digest[i] & 0xFF);
      lo = (lo << 8) | (digest[8 + i] & 0xFF);
    }
    return new long[] {hi, lo, 1};
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

  @Override
  public void close() {
    for (FileChannel channel : channels) {
      try {
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close a transaction table in " + dir, e);
      }
    }
  }
}
