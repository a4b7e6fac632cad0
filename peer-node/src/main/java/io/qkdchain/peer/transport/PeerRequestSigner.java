package io.qkdchain.peer.transport;

import io.qkdchain.peer.consensus.PeerId;
import java.util.Map;

/** The credential headers of one outgoing peer request, computed over its exact bytes. */
@FunctionalInterface
public interface PeerRequestSigner {

  /** For clusters that run with peer authentication off. */
  PeerRequestSigner UNSIGNED = (to, method, target, body) -> Map.of();

  /**
   * @param target the raw path and query, e.g. {@code /peer/v1/blocks?from=3&limit=64}
   * @param body the exact body bytes (empty for a GET)
   */
  Map<String, String> headers(PeerId to, String method, String target, byte[] body);
}
