package io.qkdchain.peer.transport;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Decides who sent a peer request. It sees the request before its body is decoded, so an
 * unauthenticated caller never reaches the parser: a tag under the link's QKD key of
 * docs/messages.md ({@code io.qkdchain.peer.auth.QkdLinkAuthenticator}), the per-link static HMAC
 * ({@code io.qkdchain.peer.auth.HmacPeerAuthenticator}) or, where peer authentication is turned
 * off, the body's {@code from} taken at its word ({@link ClaimedSenderAuthenticator}).
 */
public interface PeerAuthenticator {

  /**
   * Checks what can be checked before the body is read (the credentials are present, well formed,
   * from another member and fresh), so a caller without them cannot make this peer read a large
   * body.
   *
   * @throws PeerRejectedException as {@link #verify}
   */
  default void precheck(HttpServletRequest request) {}

  /**
   * @param body the exact bytes received (empty for a GET)
   * @return the verified caller, which then vouches for the body's {@code from}
   * @throws PeerRejectedException 401 when the credentials are missing or wrong, 403 when they name
   *     no other member
   */
  PeerCaller verify(HttpServletRequest request, byte[] body);

  /**
   * Adds what the caller needs to authenticate its next requests to the answer, before it is
   * written, whether the request was accepted or refused: with QKD link keys, the announcement of
   * the key the claimed sender should use.
   */
  default void annotate(HttpServletRequest request, HttpServletResponse response) {}
}
