package io.qkdchain.peer.auth;

/** The secret of one link epoch, derived from its QKD key; never printed. */
public sealed interface LinkSecret permits HmacLinkSecret, WegmanCarterLinkSecret {

  /** Forgets the key material once the epoch is retired. */
  void destroy();
}
