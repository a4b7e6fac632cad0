package io.qkdchain.peer.consensus;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** The classical channel between peers. Implementations must not block the caller. */
public interface Transport {

  /**
   * Sends a message; the stage completes when the peer accepted it and fails when the peer could
   * not be reached (the vote chain then skips that peer). Delivery is at most once per call.
   */
  CompletionStage<Void> send(PeerId to, PeerMessage message);

  /** Reads committed blocks {@code [fromIndex, fromIndex + limit)} (or fewer) from a peer. */
  CompletionStage<List<CommittedBlock>> fetchBlocks(PeerId from, long fromIndex, int limit);

  /**
   * Runs one consensus step; a transport may hold the messages it sends meanwhile and send each
   * peer's together when it returns, one request per peer. Sent messages still leave then, even if
   * {@code task} throws.
   */
  default void batched(Runnable task) {
    task.run();
  }
}
