package io.qkdchain.peer.auth;

import io.qkdchain.peer.consensus.PeerId;

/**
 * One direction of a link's authentication as metrics, health and the dashboard show it. Nothing
 * here is key material.
 *
 * @param peer the other end
 * @param direction {@code INBOUND}: keys this peer drew for what {@code peer} sends it; {@code
 *     OUTBOUND}: keys {@code peer} drew that this peer reads to send to it
 * @param epoch the epoch in use, 0 before the first
 * @param ageMillis how long this peer has held that epoch's key, -1 before the first
 * @param bitsSpent QKD key bits drawn (inbound) or read (outbound) for this direction so far
 * @param expired inbound: the key is past its grace; outbound: no key to send with, because this
 *     peer's KME would not hand over the announced one
 * @param refusals inbound: requests refused because the key expired; outbound: requests not sent
 *     for want of a key
 * @param failures failed draws (inbound) or reads (outbound)
 * @param lastFailure why the last draw or read failed, while it is the latest news
 * @param requests requests verified (inbound) or tagged (outbound) under this direction's keys
 */
public record LinkAuthView(
    PeerId peer,
    Direction direction,
    long epoch,
    long ageMillis,
    long bitsSpent,
    boolean expired,
    long refusals,
    long failures,
    String lastFailure,
    long requests) {

  /** Which end drew the key. */
  public enum Direction {
    INBOUND,
    OUTBOUND
  }
}
