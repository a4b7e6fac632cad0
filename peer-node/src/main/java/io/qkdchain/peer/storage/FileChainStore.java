package io.qkdchain.peer.storage;

import io.qkdchain.peer.consensus.ChainStore;
import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.wire.BlockJson;
import io.qkdchain.peer.wire.MalformedMessageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain as an append-only log, {@code chain.log}: one {@link RecordLog} record per block whose
 * payload is the block JSON of docs/messages.md with its {@code commit} certificate. Every append
 * is checked against the tip ({@link ChainReplay}) and fsync'd before it returns.
 *
 * <p>Beside the log, {@code chain-index/} holds what is derived from it ({@link ChainIndexes}):
 * where each block starts, which block holds each transaction, and a checkpoint of the verified
 * prefix. Opening reads the checkpoint and verifies only the records after it; without a usable
 * checkpoint it replays and verifies the whole log and rebuilds the indexes. A torn last record is
 * cut off with a warning (catch-up fetches the block again); any other damage is a {@link
 * CorruptChainException}.
 *
 * <p>Only {@link #append} takes the store's lock. Readers use the prefix published after each
 * append (a volatile reference): the log only grows, so every byte below the published end is
 * final. The whole file is re-verified in the background ({@link ChainAudit}).
 */
public final class FileChainStore implements ChainStore, ChainVerifier, AutoCloseable {

  public static final String FILE_NAME = "chain.log";
  private static final Logger log = LoggerFactory.getLogger(FileChainStore.class);

  /**
   * How the store maintains itself: a checkpoint at most every {@code checkpointInterval} when the
   * chain grew, a full re-scan every {@code auditInterval} (zero: only on request) and at most one
   * per {@code auditMinInterval} on request, each using at most {@code auditCpuShare} of one core
   * (1: flat out); {@code firstTableSlots} sizes the first transaction table of a new index.
   */
  public record Options(
      Duration checkpointInterval,
      Duration auditInterval,
      Duration auditMinInterval,
      double auditCpuShare,
      int firstTableSlots) {

    public Options {
      if (!(auditCpuShare > 0 && auditCpuShare <= 1)) {
        throw new IllegalArgumentException("auditCpuShare must be in (0, 1], not " + auditCpuShare);
      }
    }

    public static Options defaults() {
      return new Options(
          Duration.ofSeconds(10),
          Duration.ofHours(1),
          Duration.ofMinutes(1),
          0.25,
          TransactionIndex.DEFAULT_FIRST_LEVEL_SLOTS);
    }
  }

  /** What readers may see: {@code height} blocks ending at byte {@code end}, the last one. */
  private record Published(long height, long end, CommittedBlock tip) {}

  private final Path file;
  private final FileChannel channel;
  private final ChainIndexes indexes;
  private final ChainReplay replay;
  private final Object appendLock = new Object();
  private final ChainAudit audit;
  private final ScheduledExecutorService maintenance;
  private volatile Published published;
  private long checkpointedHeight;

  private FileChainStore(
      Path file,
      FileChannel channel,
      ChainIndexes indexes,
      ChainReplay replay,
      long checkpointedHeight,
      ChainVerification startup,
      Options options,
      ChainAudit.Probe probe) {
    this.file = file;
    this.channel = channel;
    this.indexes = indexes;
    this.replay = replay;
    this.checkpointedHeight = checkpointedHeight;
    this.published = new Published(replay.height, replay.end, replay.tip);
    this.audit =
        new ChainAudit(
            file,
            indexes,
            () -> {
              Published p = published;
              return new ChainAudit.Prefix(p.height(), p.end());
            },
            startup,
            options.auditMinInterval(),
            ScanPace.of(options.auditCpuShare()),
            Clock.systemUTC(),
            probe);
    this.maintenance =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "chain-maintenance");
              thread.setDaemon(true);
              return thread;
            });
    long every = options.checkpointInterval().toMillis();
    maintenance.scheduleWithFixedDelay(
        this::checkpointQuietly, every, every, TimeUnit.MILLISECONDS);
    long audits = options.auditInterval().toMillis();
    if (audits > 0) {
      maintenance.scheduleWithFixedDelay(audit::request, audits, audits, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Opens (or creates, with the genesis block) the chain under {@code dir}.
   *
   * @throws CorruptChainException if the log is damaged anywhere but in its last record
   */
  public static FileChainStore open(Path dir) {
    return open(dir, Options.defaults());
  }

  public static FileChainStore open(Path dir, Options options) {
    return open(dir, options, ChainAudit.Probe.NONE);
  }

  static FileChainStore open(Path dir, Options options, ChainAudit.Probe probe) {
    Path file = dir.resolve(FILE_NAME);
    long t0 = System.nanoTime();
    try {
      Files.createDirectories(dir);
      FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      ChainIndexes indexes = null;
      try {
        StringBuilder why = new StringBuilder();
        Optional<ChainCheckpoint> checkpoint = ChainIndexes.readCheckpoint(dir, why);
        ChainReplay replay = null;
        if (checkpoint.isPresent()) {
          try {
            indexes = ChainIndexes.reopen(dir, checkpoint.get());
            replay = resume(file, channel, indexes, checkpoint.get(), why);
          } catch (RuntimeException e) {
            why.append(e.getMessage());
          }
          if (replay == null) {
            if (indexes != null) {
              indexes.close();
              indexes = null;
            }
          }
        }
        ChainVerification.Scope scope = ChainVerification.Scope.SINCE_CHECKPOINT;
        long from;
        if (replay == null) {
          log.info("{}: rebuilding {} from the whole log ({})", file, ChainIndexes.DIR_NAME, why);
          indexes = ChainIndexes.create(dir, options.firstTableSlots());
          replay = new ChainReplay(file, indexes, reader(channel, file, indexes));
          scope = ChainVerification.Scope.FULL;
          from = 0;
        } else {
          from = replay.end;
        }
        RecordLog.Scan scan = RecordLog.scan(channel, file, from, channel.size(), true, replay);
        if (scan.torn()) {
          log.warn(
              "{}: truncating {} at byte {} (left by a crash during a write); the block will be fetched again",
              file,
              scan.tear(),
              scan.intactEnd());
          channel.truncate(scan.intactEnd());
          channel.force(true);
        }
        if (replay.height == 0) {
          appendGenesis(channel, file, replay);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        ChainVerification startup = ChainVerification.ok(replay.height, scope, Instant.now(), took);
        FileChainStore store =
            new FileChainStore(
                file,
                channel,
                indexes,
                replay,
                scope == ChainVerification.Scope.FULL ? -1 : checkpoint.get().height(),
                startup,
                options,
                probe);
        store.checkpoint();
        log.info(
            "Chain loaded: {} blocks in {}, verified {} in {} ms",
            replay.height,
            file,
            scope == ChainVerification.Scope.FULL
                ? "in full"
                : (replay.end - checkpoint.get().end()) + " bytes after the checkpoint",
            took.toMillis());
        return store;
      } catch (RuntimeException e) {
        if (indexes != null) {
          indexes.close();
        }
        channel.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the chain log " + file, e);
    }
  }

  /**
   * A replay positioned after the checkpoint, if the checkpoint matches the log (its tip record is
   * where it says, with the hash it says, and the offsets agree); else null, with the reason.
   */
  private static ChainReplay resume(
      Path file,
      FileChannel channel,
      ChainIndexes indexes,
      ChainCheckpoint checkpoint,
      StringBuilder why)
      throws IOException {
    if (checkpoint.end() > channel.size()) {
      why.append("the checkpoint covers ")
          .append(checkpoint.end())
          .append(" bytes, the log has ")
          .append(channel.size());
      return null;
    }
    CommittedBlock tip;
    byte[] payload;
    try {
      payload = RecordLog.readPayload(channel, checkpoint.tipOffset(), file);
      tip = BlockJson.decode(payload);
    } catch (CorruptChainException | MalformedMessageException | IOException e) {
      why.append("the checkpoint's tip record is unreadable: ").append(e.getMessage());
      return null;
    }
    if (tip.index() != checkpoint.height() - 1
        || !tip.block().hash().equals(checkpoint.tipHash())
        || checkpoint.tipOffset() + RecordLog.recordSize(payload) != checkpoint.end()
        || indexes.offsetOf(checkpoint.height() - 1) != checkpoint.tipOffset()) {
      why.append("the checkpoint does not match the log at byte ").append(checkpoint.tipOffset());
      return null;
    }
    ChainReplay replay = new ChainReplay(file, indexes, reader(channel, file, indexes));
    replay.resumeAfter(checkpoint.height(), checkpoint.end(), checkpoint.tipOffset(), tip);
    return replay;
  }

  private static void appendGenesis(FileChannel channel, Path file, ChainReplay replay)
      throws IOException {
    CommittedBlock genesis = CommittedBlock.genesis();
    String problem = replay.problemWith(genesis);
    if (problem != null) {
      throw new IllegalStateException("cannot start " + file + " with genesis: " + problem);
    }
    ByteBuffer frame = RecordLog.frame(BlockJson.encode(genesis));
    int size = frame.remaining();
    RecordLog.writeFully(channel, frame, replay.end);
    channel.force(true);
    replay.add(genesis, replay.end, size);
  }

  private static java.util.function.LongFunction<CommittedBlock> reader(
      FileChannel channel, Path file, ChainIndexes indexes) {
    return blockIndex -> read(channel, file, indexes.offsetOf(blockIndex), blockIndex);
  }

  public Path file() {
    return file;
  }

  @Override
  public long height() {
    return published.height();
  }

  @Override
  public CommittedBlock tip() {
    return published.tip();
  }

  @Override
  public Optional<CommittedBlock> get(long blockIndex) {
    Published p = published;
    if (blockIndex < 0 || blockIndex >= p.height()) {
      return Optional.empty();
    }
    if (blockIndex == p.height() - 1) {
      return Optional.of(p.tip());
    }
    return Optional.of(read(channel, file, indexes.offsetOf(blockIndex), blockIndex));
  }

  @Override
  public List<CommittedBlock> range(long fromIndex, int limit) {
    Published p = published;
    List<CommittedBlock> blocks = new ArrayList<>();
    for (long i = Math.max(0, fromIndex); i < p.height() && blocks.size() < limit; i++) {
      blocks.add(i == p.height() - 1 ? p.tip() : read(channel, file, indexes.offsetOf(i), i));
    }
    return blocks;
  }

  @Override
  public void append(CommittedBlock block) {
    synchronized (appendLock) {
      String problem = replay.problemWith(block);
      if (problem != null) {
        throw new IllegalStateException("cannot append block #" + block.index() + ": " + problem);
      }
      ByteBuffer frame = RecordLog.frame(BlockJson.encode(block));
      int size = frame.remaining();
      long at = replay.end;
      try {
        RecordLog.writeFully(channel, frame, at);
        channel.force(true);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot append to " + file, e);
      }
      replay.add(block, at, size);
      published = new Published(replay.height, replay.end, block);
    }
  }

  @Override
  public OptionalLong blockIndexOf(String transactionId) {
    Published p = published;
    long block =
        indexes.blockOf(
            transactionId,
            p.height(),
            blockIndex -> read(channel, file, indexes.offsetOf(blockIndex), blockIndex));
    return block < 0 ? OptionalLong.empty() : OptionalLong.of(block);
  }

  @Override
  public ChainVerification latest() {
    return audit.latest();
  }

  @Override
  public Optional<CompletableFuture<ChainVerification>> requestScan() {
    return audit.request();
  }

  @Override
  public Optional<CompletableFuture<ChainVerification>> running() {
    return audit.running();
  }

  /**
   * Forces the indexes to disk and records the prefix they cover, if the chain grew since the last
   * checkpoint. Appends go on meanwhile: only reading the state to record holds them.
   */
  void checkpoint() {
    ChainCheckpoint checkpoint;
    synchronized (appendLock) {
      if (replay.height == checkpointedHeight) {
        return;
      }
      checkpoint =
          new ChainCheckpoint(
              replay.height,
              replay.end,
              replay.tipOffset,
              replay.tipHash,
              indexes.firstLevelSlots(),
              indexes.transactionShape());
    }
    indexes.checkpoint(checkpoint);
    synchronized (appendLock) {
      checkpointedHeight = Math.max(checkpointedHeight, checkpoint.height());
    }
  }

  private void checkpointQuietly() {
    try {
      checkpoint();
    } catch (RuntimeException e) {
      log.warn("{}: cannot write the index checkpoint: {}", file, e.toString());
    }
  }

  private static CommittedBlock read(FileChannel channel, Path file, long offset, long index) {
    try {
      return BlockJson.decode(RecordLog.readPayload(channel, offset, file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read block #" + index + " from " + file, e);
    }
  }

  @Override
  public void close() {
    // Not shutdownNow: interrupting a checkpoint mid-write would close its file channel.
    maintenance.shutdown();
    try {
      if (!maintenance.awaitTermination(30, TimeUnit.SECONDS)) {
        log.warn("{}: a checkpoint still runs at close", file);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (appendLock) {
      try {
        checkpointQuietly();
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close " + file, e);
      } finally {
        indexes.close();
      }
    }
  }
}
