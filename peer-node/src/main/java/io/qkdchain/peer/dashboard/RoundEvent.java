package io.qkdchain.peer.dashboard;

import java.util.Map;

/**
 * One step of a round as the dashboard receives it over {@code GET /api/v1/events}: a sequence
 * number (per peer, from its start), the time in epoch ms, the peer that saw it, a type such as
 * {@code vote-counted}, the round, and the type's fields. Never carries key material.
 *
 * @param height null for events outside a round (a transaction accepted, a catch-up)
 */
public record RoundEvent(
    long seq,
    long at,
    String peer,
    String type,
    Long height,
    Integer view,
    Map<String, Object> data) {

  public RoundEvent {
    data = Map.copyOf(data);
  }
}
