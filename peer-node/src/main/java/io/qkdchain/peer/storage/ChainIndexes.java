package io.qkdchain.peer.storage;

import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.consensus.Transaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * The files derived from {@code chain.log}, in the directory {@code chain-index/} beside it: the
 * {@link BlockOffsets}, the {@link TransactionIndex} tables and the {@link ChainCheckpoint} that
 * says how much of the chain they cover. {@code chain.log} is the source of truth: deleting the
 * directory makes the next start rebuild it from the log.
 */
final class ChainIndexes implements AutoCloseable {

  static final String DIR_NAME = "chain-index";

  private final Path dir;
  private final BlockOffsets offsets;
  private final TransactionIndex transactions;
  private final int firstLevelSlots;
  private final AtomicFile checkpointFile;

  private ChainIndexes(
      Path dir, BlockOffsets offsets, TransactionIndex transactions, int firstLevelSlots) {
    this.dir = dir;
    this.offsets = offsets;
    this.transactions = transactions;
    this.firstLevelSlots = firstLevelSlots;
    this.checkpointFile = new AtomicFile(dir, ChainCheckpoint.FILE_NAME);
  }

  static Path dirOf(Path chainDir) {
    return chainDir.resolve(DIR_NAME);
  }

  /** The checkpoint under {@code chainDir}, or empty (with the reason in {@code why}). */
  static Optional<ChainCheckpoint> readCheckpoint(Path chainDir, StringBuilder why) {
    Optional<byte[]> bytes = new AtomicFile(dirOf(chainDir), ChainCheckpoint.FILE_NAME).read();
    if (bytes.isEmpty()) {
      why.append("no checkpoint");
      return Optional.empty();
    }
    return ChainCheckpoint.decode(bytes.get(), why);
  }

  /** Empty indexes, for a replay of the whole chain; whatever was in the directory goes. */
  static ChainIndexes create(Path chainDir, int firstLevelSlots) {
    Path dir = dirOf(chainDir);
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(dir.resolve(ChainCheckpoint.FILE_NAME));
      Files.deleteIfExists(dir.resolve(BlockOffsets.FILE_NAME));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + dir, e);
    }
    BlockOffsets offsets = new BlockOffsets(dir);
    try {
      return new ChainIndexes(
          dir, offsets, TransactionIndex.create(dir, firstLevelSlots), firstLevelSlots);
    } catch (RuntimeException e) {
      offsets.close();
      throw e;
    }
  }

  /** The indexes a checkpoint describes; the caller checks them against the chain. */
  static ChainIndexes reopen(Path chainDir, ChainCheckpoint checkpoint) {
    Path dir = dirOf(chainDir);
    BlockOffsets offsets = new BlockOffsets(dir);
    try {
      return new ChainIndexes(
          dir,
          offsets,
          TransactionIndex.reopen(
              dir, checkpoint.firstLevelSlots(), checkpoint.transactions(), checkpoint.height()),
          checkpoint.firstLevelSlots());
    } catch (RuntimeException e) {
      offsets.close();
      throw e;
    }
  }

  long offsetOf(long blockIndex) {
    return offsets.get(blockIndex);
  }

  /**
   * The block below {@code height} holding transaction {@code id}, or -1. A hashed candidate is
   * confirmed with {@code reader}.
   */
  long blockOf(String id, long height, LongFunction<CommittedBlock> reader) {
    long candidate = transactions.candidate(id, height);
    if (candidate < 0 || TransactionIndex.exact(id)) {
      return candidate;
    }
    for (Transaction tx : reader.apply(candidate).block().transactions()) {
      if (tx.id().equals(id)) {
        return candidate;
      }
    }
    return -1;
  }

  /** The raw index entry for {@code id} below {@code height} (for the full re-scan). */
  long indexedBlockOf(String id, long height) {
    return transactions.candidate(id, height);
  }

  void add(CommittedBlock block, long offset) {
    offsets.set(block.index(), offset);
    for (Transaction tx : block.block().transactions()) {
      transactions.put(tx.id(), block.index());
    }
  }

  /** The shape of the transaction tables, for a checkpoint; call with appends held still. */
  TransactionIndex.Shape transactionShape() {
    return transactions.shape();
  }

  int firstLevelSlots() {
    return firstLevelSlots;
  }

  /** Forces the index files to disk, then records {@code checkpoint} as covered by them. */
  void checkpoint(ChainCheckpoint checkpoint) {
    offsets.force();
    transactions.force();
    checkpointFile.replace(checkpoint.encode());
  }

  Path dir() {
    return dir;
  }

  @Override
  public void close() {
    try {
      transactions.close();
    } finally {
      offsets.close();
    }
  }
}
