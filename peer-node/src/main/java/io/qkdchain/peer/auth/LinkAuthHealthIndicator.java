package io.qkdchain.peer.auth;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The links' QKD authentication keys: DOWN naming each link whose key expired (this peer refuses
 * what the other end sends) or that has no key to send with, UP otherwise, UNKNOWN when the links
 * are not authenticated by QKD keys. Details are epochs, ages and bit counts, never key material.
 */
final class LinkAuthHealthIndicator implements HealthIndicator {

  private final LinkKeyRing ring;
  private final String mode;

  LinkAuthHealthIndicator(LinkKeyRing ring, String mode) {
    this.ring = ring;
    this.mode = mode;
  }

  @Override
  public Health health() {
    if (!ring.enabled()) {
      return Health.unknown()
          .withDetail("mode", mode + ": links are not authenticated by QKD keys")
          .build();
    }
    boolean up = true;
    Map<String, Object> links = new LinkedHashMap<>();
    for (LinkAuthView view : ring.views()) {
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("status", view.expired() ? "DOWN" : "UP");
      detail.put("epoch", view.epoch());
      detail.put("ageMillis", view.ageMillis());
      detail.put("bitsSpent", view.bitsSpent());
      detail.put("refused", view.refusals());
      if (view.lastFailure() != null) {
        detail.put("lastFailure", view.lastFailure());
      }
      up &= !view.expired();
      links.put(name(view), detail);
    }
    return (up ? Health.up() : Health.down())
        .withDetail("mode", mode)
        .withDetail("links", links)
        .build();
  }

  /**
   * {@code peer-2 -> self} for what peer-2 sends here, {@code self -> peer-2} for the other way.
   */
  static String name(LinkAuthView view) {
    return view.direction() == LinkAuthView.Direction.INBOUND
        ? view.peer() + " -> self"
        : "self -> " + view.peer();
  }

  @Override
  public String toString() {
    return "LinkAuthHealthIndicator[" + mode.toLowerCase(Locale.ROOT) + "]";
  }
}
