package io.qkdchain.peer.auth;

/**
 * One epoch of a link's authentication key: what was announced for it, its secret, and since when
 * this peer holds it (the receiver: drawn; the sender: read).
 */
final class LinkEpoch {

  private final LinkKeyAnnouncement announcement;
  private final LinkSecret secret;
  private final long sinceMillis;
  private volatile long firstUsedMillis;

  LinkEpoch(LinkKeyAnnouncement announcement, LinkSecret secret, long sinceMillis) {
    this.announcement = announcement;
    this.secret = secret;
    this.sinceMillis = sinceMillis;
  }

  LinkKeyAnnouncement announcement() {
    return announcement;
  }

  long number() {
    return announcement.epoch();
  }

  String keyId() {
    return announcement.firstKeyId();
  }

  LinkSecret secret() {
    return secret;
  }

  long sinceMillis() {
    return sinceMillis;
  }

  /** When a verified request first used it; 0 while unused. */
  long firstUsedMillis() {
    return firstUsedMillis;
  }

  void used(long nowMillis) {
    if (firstUsedMillis == 0) {
      firstUsedMillis = Math.max(1, nowMillis);
    }
  }

  /** Pads the sender may still take (Wegman-Carter), or 1 for an HMAC key that never runs out. */
  int padsLeft() {
    return secret instanceof WegmanCarterLinkSecret wc ? wc.padsLeft() : 1;
  }

  boolean matches(long epoch, String keyId) {
    return announcement.epoch() == epoch && announcement.firstKeyId().equals(keyId);
  }

  @Override
  public String toString() {
    return "LinkEpoch[" + announcement.epoch() + ", " + announcement.firstKeyId() + "]";
  }
}
