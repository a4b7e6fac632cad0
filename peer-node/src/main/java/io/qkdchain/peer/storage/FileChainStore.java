package io.qkdchain.peer.storage;

import io.qkdchain.peer.consensus.ChainStore;
import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.wire.BlockJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain as an append-only log, {@code chain.log}: one {@link RecordLog} record per block whose
 * payload is the block JSON of docs/messages.md with its {@code commit} certificate. Opening
 * replays and verifies the whole file ({@link ChainReplay}); a torn last record is cut off with a
 * warning (catch-up fetches the block again), any other damage is a {@link CorruptChainException}.
 * Every append is fsync'd before it returns.
 */
public final class FileChainStore implements ChainStore, ChainVerifier, AutoCloseable {

  public static final String FILE_NAME = "chain.log";
  private static final Logger log = LoggerFactory.getLogger(FileChainStore.class);

  private final Path file;
  private final FileChannel channel;
  private final ChainReplay index;
  private long end;

  private FileChainStore(Path file, FileChannel channel, ChainReplay index, long end) {
    this.file = file;
    this.channel = channel;
    this.index = index;
    this.end = end;
  }

  /**
   * Opens (or creates, with the genesis block) the chain under {@code dir}.
   *
   * @throws CorruptChainException if the log is damaged anywhere but in its last record
   */
  public static FileChainStore open(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dir);
      FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      try {
        ChainReplay replay = new ChainReplay(file);
        RecordLog.Scan scan = RecordLog.scan(channel, file, replay);
        if (scan.torn()) {
          log.warn(
              "{}: truncating {} at byte {} (left by a crash during a write); the block will be fetched again",
              file,
              scan.tear(),
              scan.intactEnd());
          channel.truncate(scan.intactEnd());
          channel.force(true);
        }
        FileChainStore store = new FileChainStore(file, channel, replay, scan.intactEnd());
        if (replay.height == 0) {
          store.append(CommittedBlock.genesis());
        }
        log.info("Chain loaded and verified: {} blocks in {}", replay.height, file);
        return store;
      } catch (RuntimeException e) {
        channel.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the chain log " + file, e);
    }
  }

  public Path file() {
    return file;
  }

  @Override
  public synchronized long height() {
    return index.height;
  }

  @Override
  public synchronized CommittedBlock tip() {
    return index.tip;
  }

  @Override
  public synchronized Optional<CommittedBlock> get(long blockIndex) {
    if (blockIndex < 0 || blockIndex >= index.height) {
      return Optional.empty();
    }
    if (blockIndex == index.height - 1) {
      return Optional.of(index.tip);
    }
    return Optional.of(read(blockIndex));
  }

  @Override
  public synchronized List<CommittedBlock> range(long fromIndex, int limit) {
    List<CommittedBlock> blocks = new ArrayList<>();
    for (long i = Math.max(0, fromIndex); i < index.height && blocks.size() < limit; i++) {
      blocks.add(i == index.height - 1 ? index.tip : read(i));
    }
    return blocks;
  }

  @Override
  public synchronized void append(CommittedBlock block) {
    String problem = index.problemWith(block);
    if (problem != null) {
      throw new IllegalStateException("cannot append block #" + block.index() + ": " + problem);
    }
    ByteBuffer frame = RecordLog.frame(BlockJson.encode(block));
    int size = frame.remaining();
    try {
      RecordLog.writeFully(channel, frame, end);
      channel.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
    index.add(block, end);
    end += size;
  }

  @Override
  public synchronized OptionalLong blockIndexOf(String transactionId) {
    return index.blockOfTransaction.blockOf(transactionId);
  }

  /** Re-reads the file from disk and checks every record, hash and link again. */
  @Override
  public synchronized ChainVerification verify() {
    ChainReplay replay = new ChainReplay(file);
    try {
      RecordLog.Scan scan = RecordLog.scan(channel, file, replay);
      if (scan.torn()) {
        return ChainVerification.broken(
            replay.height, scan.tear() + " at byte " + scan.intactEnd());
      }
      if (replay.height != index.height) {
        return ChainVerification.broken(
            replay.height,
            "the file holds " + replay.height + " blocks, " + index.height + " expected");
      }
      return ChainVerification.ok(replay.height);
    } catch (CorruptChainException e) {
      return ChainVerification.broken(replay.height, e.getMessage());
    }
  }

  private CommittedBlock read(long blockIndex) {
    long offset = index.offsets[(int) blockIndex];
    try {
      return BlockJson.decode(RecordLog.readPayload(channel, offset, file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read block #" + blockIndex + " from " + file, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + file, e);
    }
  }
}
