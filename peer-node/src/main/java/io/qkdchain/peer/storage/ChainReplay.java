package io.qkdchain.peer.storage;

import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.consensus.Transaction;
import io.qkdchain.peer.wire.BlockJson;
import io.qkdchain.peer.wire.MalformedMessageException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Checks the chain record by record as it is read: each block decodes, its hash matches its
 * content, it has the next index, links to the previous block's hash, and repeats no committed
 * transaction id. Genesis must be the protocol's genesis. Builds the in-memory index as it goes.
 */
final class ChainReplay implements RecordLog.RecordVisitor {

  private final Path file;
  long[] offsets = new long[1024];
  final TransactionIndex blockOfTransaction = new TransactionIndex();
  long height;
  CommittedBlock tip;

  ChainReplay(Path file) {
    this.file = file;
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
    add(block, offset);
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
    String tipHash = tip.block().hash();
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
      OptionalLong earlier = blockOfTransaction.blockOf(tx.id());
      if (earlier.isPresent()) {
        return "transaction " + tx.id() + " is already in block #" + earlier.getAsLong();
      }
    }
    return null;
  }

  void add(CommittedBlock block, long offset) {
    if (height == offsets.length) {
      offsets = Arrays.copyOf(offsets, offsets.length * 2);
    }
    offsets[(int) height] = offset;
    for (Transaction tx : block.block().transactions()) {
      blockOfTransaction.put(tx.id(), block.index());
    }
    tip = block;
    height++;
  }
}
