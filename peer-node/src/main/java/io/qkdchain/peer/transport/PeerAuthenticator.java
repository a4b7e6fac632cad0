package io.qkdchain.peer.transport;

import io.qkdchain.peer.consensus.PeerId;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides which peer sent a request. Without peer TLS the batch's {@code from} is taken at its word
 * ({@link ClaimedSenderAuthenticator}); with mutual TLS an implementation reads the client
 * certificate's CN and refuses a {@code from} that differs.
 */
public interface PeerAuthenticator {

  /**
   * @param claimed the {@code from} of the request body
   * @return the authenticated sender
   * @throws PeerRejectedException if the caller is unauthenticated or not a member
   */
  PeerId authenticate(HttpServletRequest request, PeerId claimed);
}
