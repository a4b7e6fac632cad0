package io.qkdchain.peer.transport;

import io.qkdchain.peer.consensus.Membership;
import io.qkdchain.peer.consensus.PeerId;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Trusts the {@code from} a request claims, as long as it names a member. Right only where the
 * network between peers is trusted; mutual TLS replaces it with a certificate check.
 */
public final class ClaimedSenderAuthenticator implements PeerAuthenticator {

  private final Membership membership;

  public ClaimedSenderAuthenticator(Membership membership) {
    this.membership = membership;
  }

  @Override
  public PeerId authenticate(HttpServletRequest request, PeerId claimed) {
    if (!membership.isMember(claimed)) {
      throw new PeerRejectedException(403, claimed + " is not a member of this cluster");
    }
    return claimed;
  }
}
