// Measures a seeded chain directory offline, in one JVM (run it with the heap you want to prove,
// e.g. -Xmx512m): how long FileChainStore.open takes (with the checkpoint; with --rebuild also
// without chain-index/, a full replay), the heap in use after a full GC with the store open,
// look-ups of committed and unknown transaction ids, and a full background verification.
// A single-file program run by scripts/scale-bench.sh against the classes of the peer's jar:
//
//   java -Xmx512m -cp 'EXTRACTED/peer-node-0.1.0-SNAPSHOT.jar:EXTRACTED/lib/*' \
//       benchmarks/scale/MeasureStore.java --dir DIR [--rebuild] [--skip-verify] [--size 128] [--seed 1]
//
// --size and --seed must be those given to SeedChain: the committed ids are drawn again from the
// same random sequence. Prints one JSON line.

import io.qkdchain.peer.storage.ChainVerification;
import io.qkdchain.peer.storage.FileChainStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;

public class MeasureStore {

  public static void main(String[] args) throws IOException {
    Path dir = null;
    boolean rebuild = false;
    boolean verify = true;
    int size = 128;
    long seed = 1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--dir" -> dir = Path.of(args[++i]);
        case "--rebuild" -> rebuild = true;
        case "--skip-verify" -> verify = false;
        case "--size" -> size = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (dir == null || !Files.exists(dir.resolve(FileChainStore.FILE_NAME))) {
      throw new IllegalArgumentException("usage: MeasureStore --dir DIR (a seeded chain directory)");
    }
    StringBuilder json = new StringBuilder("{");
    if (rebuild) {
      deleteTree(dir.resolve("chain-index"));
      long t0 = System.nanoTime();
      try (FileChainStore store = FileChainStore.open(dir)) {
        field(json, "rebuildOpenMs", (System.nanoTime() - t0) / 1e6);
      }
    }
    long t0 = System.nanoTime();
    // The full verification measured flat out (a share of 1): what it costs, not how a running
    // peer paces it (qkdchain.storage.verify-cpu-share).
    FileChainStore.Options defaults = FileChainStore.Options.defaults();
    FileChainStore.Options flatOut =
        new FileChainStore.Options(
            defaults.checkpointInterval(),
            defaults.auditInterval(),
            defaults.auditMinInterval(),
            1.0,
            defaults.firstTableSlots());
    try (FileChainStore store = FileChainStore.open(dir, flatOut)) {
      double openMs = (System.nanoTime() - t0) / 1e6;
      field(json, "openMs", openMs);
      json.append("\"openScope\":\"").append(store.latest().scope()).append("\",");
      field(json, "height", store.height());
      field(json, "chainLogMb", Files.size(store.file()) / 1048576.0);

      // Committed ids, drawn again as SeedChain drew them: an id, then the text, per transaction.
      SplittableRandom random = new SplittableRandom(seed);
      List<String> committed = new ArrayList<>();
      for (int i = 0; i < 200_000; i++) {
        committed.add(uuid(random));
        for (int c = 0; c < size; c++) {
          random.nextInt(26);
        }
      }
      long found = 0;
      long t1 = System.nanoTime();
      for (String id : committed) {
        found += store.blockIndexOf(id).isPresent() ? 1 : 0;
      }
      field(json, "committedLookupsFound", found);
      field(json, "committedLookupUs", (System.nanoTime() - t1) / 1e3 / committed.size());
      SplittableRandom other = new SplittableRandom(seed + 1_000_003);
      long t2 = System.nanoTime();
      long wrong = 0;
      for (int i = 0; i < 200_000; i++) {
        wrong += store.blockIndexOf(uuid(other)).isPresent() ? 1 : 0;
      }
      field(json, "unknownLookupsFound", wrong);
      field(json, "unknownLookupUs", (System.nanoTime() - t2) / 1e3 / 200_000);

      committed = null;
      System.gc();
      System.gc();
      field(
          json,
          "heapAfterGcMb",
          ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0);

      if (verify) {
        ChainVerification full = store.requestScan().orElseThrow().join();
        field(json, "fullVerifyMs", full.took().toMillis());
        json.append("\"fullVerifyValid\":").append(full.valid()).append(',');
      }
      json.setLength(json.length() - 1);
      json.append('}');
    }
    System.out.println(json);
  }

  private static void field(StringBuilder json, String name, double value) {
    json.append('"').append(name).append("\":").append(String.format(Locale.ROOT, "%.1f", value)).append(',');
  }

  private static String uuid(SplittableRandom random) {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low).toString();
  }

  private static void deleteTree(Path tree) throws IOException {
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
