package io.qkdchain.peer.node;

import io.qkdchain.peer.api.TransactionIntake;
import io.qkdchain.peer.consensus.ConsensusEngine;
import io.qkdchain.peer.consensus.Transaction;
import io.qkdchain.peer.consensus.TransactionStatus;
import java.util.concurrent.CompletionStage;

/** The client API's view of the engine. */
final class EngineTransactions implements TransactionIntake {

  private final ConsensusEngine engine;

  EngineTransactions(ConsensusEngine engine) {
    this.engine = engine;
  }

  @Override
  public Transaction submit(String data) {
    return engine.submit(data);
  }

  @Override
  public TransactionStatus status(String id) {
    return engine.status(id);
  }

  @Override
  public CompletionStage<Long> awaitCommit(String id) {
    return engine.awaitCommit(id);
  }
}
