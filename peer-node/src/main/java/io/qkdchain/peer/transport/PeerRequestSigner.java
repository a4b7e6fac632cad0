package io.qkdchain.peer.transport;

import io.qkdchain.peer.consensus.PeerId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The credential headers of one outgoing peer request, computed over its exact bytes. With QKD link
 * keys, signing may first have to read the link's current key from the KME, so it completes later;
 * and the answer may announce a new key, under which a refused request is signed again.
 */
public interface PeerRequestSigner {

  /** For clusters that run with peer authentication off. */
  PeerRequestSigner UNSIGNED =
      (to, method, target, body) ->
          CompletableFuture.completedFuture(new Signature(Map.of(), null));

  /**
   * Headers to send, and which key made them (opaque to the transport).
   *
   * @param key what {@link #answered} is told the request was signed with
   */
  record Signature(Map<String, String> headers, Object key) {}

  /**
   * @param target the raw path and query, e.g. {@code /peer/v1/blocks?from=3&limit=64}
   * @param body the exact body bytes (empty for a GET)
   * @return fails when no key can sign for {@code to}; nothing is then sent
   */
  CompletionStage<Signature> sign(PeerId to, String method, String target, byte[] body);

  /**
   * What the receiver answered, with its link key announcement header if any.
   *
   * @return whether to sign the request again and send it once more (a 401 under a key the receiver
   *     has since replaced)
   */
  default CompletionStage<Boolean> answered(
      PeerId to, Signature signature, int status, Optional<String> announcement) {
    return CompletableFuture.completedFuture(false);
  }
}
