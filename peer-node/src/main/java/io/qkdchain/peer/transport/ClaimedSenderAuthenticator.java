package io.qkdchain.peer.transport;

import io.qkdchain.peer.consensus.Membership;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Trusts the {@code from} a request claims, as long as it names a member: anyone who can reach the
 * port can speak for a member. Used only with {@code qkdchain.peer-auth.mode=none}, which logs a
 * warning at start-up.
 */
public final class ClaimedSenderAuthenticator implements PeerAuthenticator {

  private final Membership membership;

  public ClaimedSenderAuthenticator(Membership membership) {
    this.membership = membership;
  }

  @Override
  public PeerCaller verify(HttpServletRequest request, byte[] body) {
    return claimed -> {
      if (!membership.isMember(claimed)) {
        throw new PeerRejectedException(403, claimed + " is not a member of this cluster");
      }
      return claimed;
    };
  }
}
