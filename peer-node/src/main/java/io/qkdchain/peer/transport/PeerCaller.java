package io.qkdchain.peer.transport;

import io.qkdchain.peer.consensus.PeerId;

/** A caller whose credentials checked out; decides whether it may speak as a claimed sender. */
@FunctionalInterface
public interface PeerCaller {

  /**
   * @param claimed the {@code from} of the request body
   * @return the sender the engine is told of
   * @throws PeerRejectedException 403 when the caller may not speak as {@code claimed}
   */
  PeerId speakingAs(PeerId claimed);
}
