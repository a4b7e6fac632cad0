// Compares three ways to keep the committed-transaction index off the heap, on the same keys:
// the peer's own TransactionIndex (memory-mapped open-addressing tables), H2's MVStore and
// RocksDB. Inserts N canonical UUID ids (block = i / 256, in order, as the chain commits them),
// forces them to disk, then looks up 200,000 committed and 200,000 unknown ids at random, and
// reports the times, the disk used and the heap after a full GC with the index open.
// Run (the jars from the local Maven repository; the peer's classes from its extracted jar):
//
//   java -Xmx512m -cp "EXTRACTED/peer-node-0.1.0-SNAPSHOT.jar:$M2/com/h2database/h2/2.3.232/h2-2.3.232.jar:\
//     $M2/org/rocksdb/rocksdbjni/9.8.4/rocksdbjni-9.8.4.jar" benchmarks/scale/IndexChoice.java \
//     --dir /tmp/index-choice --keys 2000000 --which own|mvstore|rocksdb
//
// One index per JVM run (--which), so that one's heap and caches do not count against another.

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteOptions;

public class IndexChoice {

  interface Index extends AutoCloseable {
    void put(String id, long block) throws Exception;

    long get(String id) throws Exception;

    void force() throws Exception;
  }

  public static void main(String[] args) throws Throwable {
    Path dir = null;
    int keys = 2_000_000;
    String which = null;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--dir" -> dir = Path.of(args[i + 1]);
        case "--keys" -> keys = Integer.parseInt(args[i + 1]);
        case "--which" -> which = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (dir == null || which == null) {
      throw new IllegalArgumentException("usage: IndexChoice --dir DIR --keys N --which own|mvstore|rocksdb");
    }
    Path home = dir.resolve(which);
    deleteTree(home);
    Files.createDirectories(home);
    Index index =
        switch (which) {
          case "own" -> own(home);
          case "mvstore" -> mvstore(home);
          case "rocksdb" -> rocksdb(home);
          default -> throw new IllegalArgumentException("--which own, mvstore or rocksdb");
        };
    SplittableRandom random = new SplittableRandom(1);
    long t0 = System.nanoTime();
    for (int i = 0; i < keys; i++) {
      index.put(uuid(random), i / 256);
    }
    index.force();
    double insertS = (System.nanoTime() - t0) / 1e9;

    // Committed ids at random: draw the sequence again and pick every k-th.
    String[] committed = new String[200_000];
    SplittableRandom again = new SplittableRandom(1);
    int step = Math.max(1, keys / committed.length);
    int n = 0;
    for (int i = 0; i < keys && n < committed.length; i++) {
      String id = uuid(again);
      if (i % step == 0) {
        committed[n++] = id;
      }
    }
    long t1 = System.nanoTime();
    long found = 0;
    for (int i = 0; i < n; i++) {
      found += index.get(committed[i]) >= 0 ? 1 : 0;
    }
    double presentUs = (System.nanoTime() - t1) / 1e3 / n;
    SplittableRandom other = new SplittableRandom(99);
    long t2 = System.nanoTime();
    long wrong = 0;
    for (int i = 0; i < 200_000; i++) {
      wrong += index.get(uuid(other)) >= 0 ? 1 : 0;
    }
    double absentUs = (System.nanoTime() - t2) / 1e3 / 200_000;
    committed = null;
    System.gc();
    System.gc();
    double heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
    long disk;
    try (Stream<Path> files = Files.walk(home)) {
      disk = files.filter(Files::isRegularFile).mapToLong(IndexChoice::allocated).sum();
    }
    index.close();
    System.out.printf(
        Locale.ROOT,
        "{\"index\":\"%s\",\"keys\":%d,\"insertS\":%.1f,\"insertUsPerKey\":%.2f,\"presentFound\":%d,"
            + "\"presentLookupUs\":%.2f,\"absentFound\":%d,\"absentLookupUs\":%.2f,"
            + "\"diskMb\":%.1f,\"heapAfterGcMb\":%.1f}%n",
        which, keys, insertS, insertS * 1e6 / keys, found, presentUs, wrong, absentUs,
        disk / 1048576.0, heapMb);
  }

  private static Index own(Path home) throws Throwable {
    Class<?> type = Class.forName("io.qkdchain.peer.storage.TransactionIndex");
    Method create = type.getDeclaredMethod("create", Path.class, int.class);
    Method put = type.getDeclaredMethod("put", String.class, long.class);
    Method candidate = type.getDeclaredMethod("candidate", String.class, long.class);
    Method force = type.getDeclaredMethod("force");
    Method close = type.getDeclaredMethod("close");
    for (Method m : new Method[] {create, put, candidate, force, close}) {
      m.setAccessible(true);
    }
    MethodHandles.Lookup lookup = MethodHandles.lookup();
    MethodHandle putH = lookup.unreflect(put);
    MethodHandle candidateH = lookup.unreflect(candidate);
    Object index = create.invoke(null, home, 1 << 20);
    return new Index() {
      public void put(String id, long block) throws Exception {
        try {
          putH.invoke(index, id, block);
        } catch (Throwable t) {
          throw new Exception(t);
        }
      }

      public long get(String id) throws Exception {
        try {
          return (long) candidateH.invoke(index, id, Long.MAX_VALUE);
        } catch (Throwable t) {
          throw new Exception(t);
        }
      }

      public void force() throws Exception {
        force.invoke(index);
      }

      public void close() throws Exception {
        close.invoke(index);
      }
    };
  }

  private static Index mvstore(Path home) {
    MVStore store = new MVStore.Builder().fileName(home.resolve("index.mv").toString()).open();
    MVMap<byte[], Integer> map = store.openMap("tx");
    return new Index() {
      public void put(String id, long block) {
        map.put(key(id), (int) block);
      }

      public long get(String id) {
        Integer block = map.get(key(id));
        return block == null ? -1 : block;
      }

      public void force() {
        store.commit();
        store.sync();
      }

      public void close() {
        store.close();
      }
    };
  }

  private static Index rocksdb(Path home) throws Exception {
    RocksDB.loadLibrary();
    Options options =
        new Options()
            .setCreateIfMissing(true)
            .setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(new BloomFilter(10)));
    RocksDB db = RocksDB.open(options, home.toString());
    WriteOptions write = new WriteOptions().setDisableWAL(false);
    return new Index() {
      public void put(String id, long block) throws Exception {
        db.put(write, key(id), ByteBuffer.allocate(4).putInt((int) block).array());
      }

      public long get(String id) throws Exception {
        byte[] value = db.get(key(id));
        return value == null ? -1 : ByteBuffer.wrap(value).getInt();
      }

      public void force() throws Exception {
        db.flushWal(true);
      }

      public void close() {
        db.close();
        options.close();
      }
    };
  }

  private static byte[] key(String id) {
    UUID uuid = UUID.fromString(id);
    return ByteBuffer.allocate(16)
        .putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits())
        .array();
  }

  private static String uuid(SplittableRandom random) {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low).toString();
  }

  private static long allocated(Path file) {
    try {
      Object blocks = Files.getAttribute(file, "unix:blocks");
      return ((Number) blocks).longValue() * 512;
    } catch (Exception e) {
      try {
        return Files.size(file);
      } catch (Exception ignored) {
        return 0;
      }
    }
  }

  private static void deleteTree(Path tree) throws Exception {
    if (!Files.exists(tree)) {
      return;
    }
    try (Stream<Path> files = Files.walk(tree)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }
}
