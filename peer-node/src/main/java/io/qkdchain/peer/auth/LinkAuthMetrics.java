package io.qkdchain.peer.auth;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.qkdchain.peer.auth.LinkAuthView.Direction;
import io.qkdchain.peer.consensus.PeerId;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Per link and direction (docs/dashboard.md): {@code qkdchain.link.auth.epoch}, {@code
 * qkdchain.link.auth.key.age}, {@code qkdchain.link.auth.key.bits} (QKD key bits spent on
 * authentication), {@code qkdchain.link.auth.expired} (1 while the link cannot authenticate),
 * {@code qkdchain.link.auth.requests} (requests verified or tagged), {@code
 * qkdchain.link.auth.refused} (requests refused for an expired key, or not sent for want of one)
 * and {@code qkdchain.link.auth.key.failures} (draws or reads the KME refused).
 */
public final class LinkAuthMetrics {

  private LinkAuthMetrics() {}

  public static void register(LinkKeyRing ring, MeterRegistry registry) {
    for (PeerId peer : ring.peers()) {
      for (Direction direction : Direction.values()) {
        Tags tags =
            Tags.of("peer", peer.value(), "direction", direction.name().toLowerCase(Locale.ROOT));
        Gauge.builder("qkdchain.link.auth.epoch", ring, of(peer, direction, LinkAuthView::epoch))
            .description("epoch of the link authentication key in use")
            .tags(tags)
            .register(registry);
        TimeGauge.builder(
                "qkdchain.link.auth.key.age",
                ring,
                TimeUnit.MILLISECONDS,
                of(peer, direction, v -> Math.max(0, v.ageMillis())))
            .description("how long this peer has held the key in use")
            .tags(tags)
            .register(registry);
        Gauge.builder(
                "qkdchain.link.auth.expired", ring, of(peer, direction, v -> v.expired() ? 1 : 0))
            .description("1 while the link's authentication key is expired or unobtainable")
            .tags(tags)
            .register(registry);
        FunctionCounter.builder(
                "qkdchain.link.auth.key.bits", ring, of(peer, direction, LinkAuthView::bitsSpent))
            .description("QKD key bits drawn (inbound) or read (outbound) for link authentication")
            .baseUnit("bits")
            .tags(tags)
            .register(registry);
        FunctionCounter.builder(
                "qkdchain.link.auth.refused", ring, of(peer, direction, LinkAuthView::refusals))
            .description(
                "requests refused under an expired key (inbound) or not sent for want of a key"
                    + " (outbound)")
            .tags(tags)
            .register(registry);
        FunctionCounter.builder(
                "qkdchain.link.auth.requests", ring, of(peer, direction, LinkAuthView::requests))
            .description("requests verified (inbound) or tagged (outbound) under the link's keys")
            .tags(tags)
            .register(registry);
        FunctionCounter.builder(
                "qkdchain.link.auth.key.failures",
                ring,
                of(peer, direction, LinkAuthView::failures))
            .description("link key draws (inbound) or reads (outbound) that failed")
            .tags(tags)
            .register(registry);
      }
    }
  }

  private static ToDoubleFunction<LinkKeyRing> of(
      PeerId peer, Direction direction, ToDoubleFunction<LinkAuthView> value) {
    return ring -> ring.view(peer, direction).map(value::applyAsDouble).orElse(0.0);
  }
}
