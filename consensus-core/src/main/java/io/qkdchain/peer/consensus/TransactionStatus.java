package io.qkdchain.peer.consensus;

import java.util.Objects;
import java.util.OptionalLong;

/** Where a transaction is: waiting in this peer's pool, in a block, or not known here. */
public record TransactionStatus(String id, State state, OptionalLong blockIndex) {

  /** The three answers a peer can give about a transaction id. */
  public enum State {
    PENDING,
    COMMITTED,
    UNKNOWN
  }

  public TransactionStatus {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(blockIndex, "blockIndex");
    if ((state == State.COMMITTED) != blockIndex.isPresent()) {
      throw new IllegalArgumentException("a block index is given exactly for committed ones");
    }
  }

  static TransactionStatus pending(String id) {
    return new TransactionStatus(id, State.PENDING, OptionalLong.empty());
  }

  static TransactionStatus committed(String id, long blockIndex) {
    return new TransactionStatus(id, State.COMMITTED, OptionalLong.of(blockIndex));
  }

  static TransactionStatus unknown(String id) {
    return new TransactionStatus(id, State.UNKNOWN, OptionalLong.empty());
  }
}
