package io.qkdchain.peer.api;

import io.qkdchain.peer.consensus.Transaction;
import io.qkdchain.peer.consensus.TransactionRejectedException;
import io.qkdchain.peer.consensus.TransactionStatus;
import java.util.concurrent.CompletionStage;

/** What the client API asks of the consensus: the engine's client-facing half. */
public interface TransactionIntake {

  /**
   * Records a transaction durably and gossips it.
   *
   * @throws TransactionRejectedException when it is empty, too large, or the pool is full
   */
  Transaction submit(String data);

  TransactionStatus status(String id);

  /** Completes with the index of the block that commits {@code id}. */
  CompletionStage<Long> awaitCommit(String id);
}
