package io.qkdchain.peer.storage;

import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.consensus.Transaction;
import io.qkdchain.peer.wire.BlockJson;
import io.qkdchain.peer.wire.MalformedMessageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The full re-scan of {@code chain.log}: every record's checksum, every block's hash, index, link
 * and certificate, and that the block offsets and the transaction index agree with the file. It
 * reads the prefix published when it starts, through its own file handle, on its own thread, and
 * takes no store lock, so appends go on meanwhile (what lands later is checked as it lands). At
 * most one scan runs at a time, and a new one starts only {@code minInterval} after the last
 * finished. It keeps to a share of one core ({@link ScanPace}): a scan of a long chain takes longer
 * rather than take the CPU that commits need.
 */
final class ChainAudit {

  /** A test hook called after each block the scan has checked, on the scan's thread. */
  interface Probe {
    void checked(long blockIndex);

    Probe NONE = blockIndex -> {};
  }

  /** The part of the chain published to readers: {@code height} blocks ending at {@code end}. */
  record Prefix(long height, long end) {}

  private static final Logger log = LoggerFactory.getLogger(ChainAudit.class);

  private final Path file;
  private final ChainIndexes indexes;
  private final Supplier<Prefix> published;
  private final Duration minInterval;
  private final ScanPace pace;
  private final Clock clock;
  private final Probe probe;
  private final AtomicReference<CompletableFuture<ChainVerification>> running =
      new AtomicReference<>();
  private volatile ChainVerification latest;
  private volatile Instant lastFinished = Instant.MIN;

  ChainAudit(
      Path file,
      ChainIndexes indexes,
      Supplier<Prefix> published,
      ChainVerification startup,
      Duration minInterval,
      ScanPace pace,
      Clock clock,
      Probe probe) {
    this.file = file;
    this.indexes = indexes;
    this.published = published;
    this.latest = startup;
    this.minInterval = minInterval;
    this.pace = pace;
    this.clock = clock;
    this.probe = probe;
  }

  ChainVerification latest() {
    return latest;
  }

  Optional<CompletableFuture<ChainVerification>> running() {
    return Optional.ofNullable(running.get());
  }

  Optional<CompletableFuture<ChainVerification>> request() {
    CompletableFuture<ChainVerification> current = running.get();
    if (current != null) {
      return Optional.of(current);
    }
    if (clock.instant().isBefore(lastFinished.plus(minInterval))) {
      return Optional.empty();
    }
    CompletableFuture<ChainVerification> scan = new CompletableFuture<>();
    if (!running.compareAndSet(null, scan)) {
      return Optional.ofNullable(running.get());
    }
    Thread thread =
        new Thread(
            () -> {
              ChainVerification result = scanSafely();
              latest = result;
              lastFinished = clock.instant();
              running.set(null);
              scan.complete(result);
            },
            "chain-audit");
    thread.setDaemon(true);
    thread.start();
    return Optional.of(scan);
  }

  private ChainVerification scanSafely() {
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    Prefix prefix = published.get();
    Checker checker = new Checker(prefix.height());
    String problem = null;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      RecordLog.scan(channel, file, 0, prefix.end(), false, checker);
      if (checker.height != prefix.height()) {
        problem = "the file holds " + checker.height + " blocks, " + prefix.height() + " expected";
      }
    } catch (CorruptChainException e) {
      problem = e.getMessage();
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      problem = "cannot read " + file + ": " + e.getMessage();
    }
    Instant finished = clock.instant();
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    if (problem == null) {
      log.info(
          "Chain re-verified: {} blocks, {} bytes in {} ms at {} of a core (started {})",
          prefix.height(),
          prefix.end(),
          took.toMillis(),
          pace.share(),
          started);
      return ChainVerification.ok(prefix.height(), ChainVerification.Scope.FULL, finished, took);
    }
    log.error("Chain re-verification failed at block #{}: {}", checker.height, problem);
    return ChainVerification.broken(
        checker.height, problem, ChainVerification.Scope.FULL, finished, took);
  }

  /** Checks each record of the prefix against the one before it and against the indexes. */
  private final class Checker implements RecordLog.RecordVisitor {

    private final long prefixHeight;
    long height;
    private String tipHash;
    private long sliceStarted = System.nanoTime();

    Checker(long prefixHeight) {
      this.prefixHeight = prefixHeight;
    }

    @Override
    public void record(long offset, byte[] payload) {
      CommittedBlock block;
      try {
        block = BlockJson.decode(payload);
      } catch (MalformedMessageException e) {
        throw new CorruptChainException(file, offset, "block #" + height + ": " + e.getMessage());
      }
      String problem = problemWith(block, offset);
      if (problem != null) {
        throw new CorruptChainException(file, offset, "block #" + height + ": " + problem);
      }
      tipHash = block.block().hash();
      probe.checked(height);
      height++;
      sliceStarted = pace.afterBlock(sliceStarted);
    }

    private String problemWith(CommittedBlock block, long offset) {
      if (block.index() != height) {
        return "index " + block.index() + " where " + height + " was expected";
      }
      if (height == 0) {
        if (!block.block().equals(CommittedBlock.genesis().block())) {
          return "the first block is not the genesis block";
        }
      } else {
        if (!block.block().previousBlockHash().equals(tipHash)) {
          return "previousBlockHash does not link to block #" + (height - 1);
        }
        if (!block.certificate().blockHash().equals(block.block().hash())) {
          return "commit certificate names another block hash";
        }
      }
      if (indexes.offsetOf(height) != offset) {
        return "the block offsets file places it at byte " + indexes.offsetOf(height);
      }
      for (Transaction tx : block.block().transactions()) {
        long indexed = indexes.indexedBlockOf(tx.id(), prefixHeight);
        if (indexed == height) {
          continue;
        }
        if (indexed < 0) {
          return "transaction " + tx.id() + " is missing from the transaction index";
        }
        return indexed < height
            ? "transaction " + tx.id() + " is already in block #" + indexed
            : "the transaction index places transaction " + tx.id() + " in block #" + indexed;
      }
      return null;
    }
  }
}
