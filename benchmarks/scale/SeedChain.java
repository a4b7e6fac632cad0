// Seeds a peer's chain directory with N transactions, offline, through the chain store's own
// append path (FileChainStore.append: checks, index updates, fsync per block), so that the result
// is exactly what a peer would have written. A single-file program run by scripts/scale-bench.sh
// against the classes of the peer's own jar:
//
//   java -cp 'EXTRACTED/peer-node-0.1.0-SNAPSHOT.jar:EXTRACTED/lib/*' benchmarks/scale/SeedChain.java \
//       --dir DIR --transactions N [--per-block 256] [--size 128] [--peers 4] [--seed 1]
//
// Blocks look like the cluster's under load: --per-block transactions of --size bytes each, ids
// in the peer's UUID form, and a commit certificate naming the quorum of --peers members whose
// lock votes decided the block (N - f: 3 of 4, the default quorum). A directory seeded part-way
// (an interrupted run) is continued up to --transactions.

import io.qkdchain.peer.consensus.Block;
import io.qkdchain.peer.consensus.CommitCertificate;
import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.consensus.Transaction;
import io.qkdchain.peer.storage.FileChainStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

public class SeedChain {

  public static void main(String[] args) {
    Path dir = null;
    long transactions = -1;
    int perBlock = 256;
    int size = 128;
    int peers = 4;
    long seed = 1;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        fail("option " + args[i] + " needs a value");
      }
      String value = args[i + 1];
      switch (args[i]) {
        case "--dir" -> dir = Path.of(value);
        case "--transactions" -> transactions = Long.parseLong(value);
        case "--per-block" -> perBlock = Integer.parseInt(value);
        case "--size" -> size = Integer.parseInt(value);
        case "--peers" -> peers = Integer.parseInt(value);
        case "--seed" -> seed = Long.parseLong(value);
        default -> fail("unknown option " + args[i]);
      }
    }
    if (dir == null || transactions < 0 || perBlock < 1 || size < 1 || peers < 2) {
      fail(
          "usage: SeedChain --dir DIR --transactions N [--per-block 256] [--size 128]"
              + " [--peers 4] [--seed 1]");
    }
    int quorum = peers - (peers - 1) / 3;
    List<PeerId> lockedBy = new ArrayList<>();
    for (int member = 1; member <= quorum; member++) {
      lockedBy.add(PeerId.of("peer-" + member));
    }
    long started = System.nanoTime();
    // No scheduled full re-scan while seeding: it would only compete for the CPU.
    FileChainStore.Options options =
        new FileChainStore.Options(
            Duration.ofSeconds(10),
            Duration.ZERO,
            Duration.ofMinutes(1),
            1.0,
            FileChainStore.Options.defaults().firstTableSlots());
    try (FileChainStore store = FileChainStore.open(dir, options)) {
      // An interrupted seeding goes on where it stopped: every block but the last is full.
      long done =
          store.height() <= 1
              ? 0
              : (store.height() - 2) * perBlock + store.tip().block().transactions().size();
      if (done > 0) {
        System.out.printf("resuming after %,d transactions%n", done);
      }
      // Resumed ids come from another random sequence, so none repeats an earlier one.
      SplittableRandom random = new SplittableRandom(done == 0 ? seed : seed + store.height());
      long nextReport = (done / 1_000_000 + 1) * 1_000_000;
      long timestamp = Math.max(1_700_000_000_000L, store.tip().block().timestamp());
      while (done < transactions) {
        int count = (int) Math.min(perBlock, transactions - done);
        List<Transaction> txs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          txs.add(new Transaction(uuid(random), text(random, size)));
        }
        CommittedBlock tip = store.tip();
        long index = tip.index() + 1;
        timestamp += 40;
        Block block = new Block(index, tip.block().hash(), timestamp, txs);
        store.append(
            new CommittedBlock(
                block, new CommitCertificate(new Round(index, 0), block.hash(), lockedBy)));
        done += count;
        if (done >= nextReport) {
          System.out.printf(
              "seeded %,d transactions in %,d blocks, %.0f s%n",
              done, index, (System.nanoTime() - started) / 1e9);
          nextReport += 1_000_000;
        }
      }
      System.out.printf(
          "done: %,d transactions in %,d blocks (height %,d) in %.1f s%n",
          done, store.height() - 1, store.height(), (System.nanoTime() - started) / 1e9);
    }
  }

  private static String uuid(SplittableRandom random) {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low).toString();
  }

  private static String text(SplittableRandom random, int size) {
    char[] chars = new char[size];
    for (int i = 0; i < size; i++) {
      chars[i] = (char) ('a' + random.nextInt(26));
    }
    return new String(chars);
  }

  private static void fail(String message) {
    System.err.println("SeedChain: " + message);
    System.exit(2);
  }
}
