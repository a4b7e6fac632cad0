package io.qkdchain.peer.storage;

import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.consensus.Transaction;
import io.qkdchain.peer.wire.BlockJson;
import io.qkdchain.peer.wire.MalformedMessageException;
import java.nio.file.Path;
import java.util.function.LongFunction;

/**
 * The appender's view of the chain: checks each block as it lands (it decodes, its hash matches its
 * content, it has the next index, links to the previous block's hash, its certificate names it, and
 * it repeats no committed transaction id; genesis must be the protocol's genesis) and records it in
 * the {@link ChainIndexes}. Used while replaying {@code chain.log} at start-up and for every append
 * after; only ever by one thread at a time.
 */
final class ChainReplay implements RecordLog.RecordVisitor {

  private final Path file;
  private final ChainIndexes indexes;
  private final LongFunction<CommittedBlock> reader;
  long height;
  long end;
  long tipOffset;
  CommittedBlock tip;
  // The tip's hash, computed once per block (hashing a large block is the costly part of a check).
  String tipHash;

  /**
   * @param reader reads a block below {@link #height}, to confirm a transaction index candidate
   */
  ChainReplay(Path file, ChainIndexes indexes, LongFunction<CommittedBlock> reader) {
    this.file = file;
    this.indexes = indexes;
    this.reader = reader;
  }

  /** Continues after a verified prefix of {@code height} blocks ending at byte {@code end}. */
  void resumeAfter(long height, long end, long tipOffset, CommittedBlock tip) {
    this.height = height;
    this.end = end;
    this.tipOffset = tipOffset;
    this.tip = tip;
    this.tipHash = tip.block().hash();
  }

  @Override
  public void record(long offset, byte[] payload) {
    CommittedBlock block;
    try {
      block = BlockJson.decode(payload);
    } catch (MalformedMessageException e) {
      throw new CorruptChainException(file, offset, "block #" + height + ": " + e.getMessage());
    }
    String problem = problemWith(block);
    if (problem != null) {
      throw new CorruptChainException(file, offset, "block #" + height + ": " + problem);
    }
    add(block, offset, RecordLog.recordSize(payload));
  }

  /** Why {@code block} cannot follow the current tip, or null if it can. */
  String problemWith(CommittedBlock block) {
    if (block.index() != height) {
      return "index " + block.index() + " where " + height + " was expected";
    }
    if (height == 0) {
      return block.block().equals(CommittedBlock.genesis().block())
          ? null
          : "the first block is not the genesis block";
    }
    if (!block.block().previousBlockHash().equals(tipHash)) {
      return "previousBlockHash "
          + block.block().previousBlockHash()
          + " does not link to block #"
          + tip.index()
          + " ("
          + tipHash
          + ")";
    }
    if (!block.certificate().blockHash().equals(block.block().hash())) {
      return "commit certificate names another block hash";
    }
    for (Transaction tx : block.block().transactions()) {
      long earlier = indexes.blockOf(tx.id(), height, reader);
      if (earlier >= 0) {
        return "transaction " + tx.id() + " is already in block #" + earlier;
      }
    }
    return null;
  }

  /**
   * Records a checked block that starts at {@code offset} and takes {@code size} bytes. Past
   * genesis its certificate names its hash (checked by {@link #problemWith}): the new tip hash.
   */
  void add(CommittedBlock block, long offset, long size) {
    indexes.add(block, offset);
    tip = block;
    tipHash = height == 0 ? block.block().hash() : block.certificate().blockHash();
    tipOffset = offset;
    height++;
    end = offset + size;
  }
}
