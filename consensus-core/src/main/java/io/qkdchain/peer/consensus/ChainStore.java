package io.qkdchain.peer.consensus;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The durable chain. Holds at least the genesis block. */
public interface ChainStore {

  /** The number of blocks, which is also the index of the next block. */
  long height();

  CommittedBlock tip();

  Optional<CommittedBlock> get(long index);

  List<CommittedBlock> range(long fromIndex, int limit);

  /**
   * Appends the next block durably (written and fsync'd before returning).
   *
   * @throws IllegalStateException if the block is not the next one or does not link to the tip
   */
  void append(CommittedBlock block);

  /** The index of the block that holds a transaction id, if committed. */
  OptionalLong blockIndexOf(String transactionId);
}
