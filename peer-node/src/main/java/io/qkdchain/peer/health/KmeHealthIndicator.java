package io.qkdchain.peer.health;

import io.qkdchain.etsi014.Etsi014Client;
import io.qkdchain.etsi014.KeyStatus;
import io.qkdchain.etsi014.RetryPolicy;
import io.qkdchain.peer.config.LinkSettings;
import io.qkdchain.peer.config.QkdchainProperties.Kme;
import io.qkdchain.peer.metrics.KmeErrorKind;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * KME reachability: an ETSI 014 {@code status} call for one QKD link per distinct KME (at most once
 * per {@code ttl}), with the KME's key count. A failure is DOWN with the kind of error; nothing
 * from a key ever appears. Without QKD links there is no KME to ask, and the details say so.
 */
final class KmeHealthIndicator implements HealthIndicator, AutoCloseable {

  static final String CLASSICAL =
      "none: classical key mode, round keys come from a CSPRNG and travel in the clear"
          + " (not quantum-secure)";

  private final List<Probe> probes;
  private final RecentHealth recent;

  /** One KME, asked about the first link that uses it. */
  private record Probe(LinkSettings link, Etsi014Client client) {}

  KmeHealthIndicator(Collection<LinkSettings> links, String ownSaeId, Duration ttl) {
    Map<Kme, Probe> byKme = new LinkedHashMap<>();
    for (LinkSettings link : links) {
      if (!link.classical()) {
        byKme.computeIfAbsent(
            link.kme(),
            kme ->
                new Probe(link, new Etsi014Client(kme.clientConfig(ownSaeId, RetryPolicy.none()))));
      }
    }
    this.probes = List.copyOf(byKme.values());
    this.recent = new RecentHealth(this::check, ttl, System::nanoTime);
  }

  @Override
  public Health health() {
    return recent.get();
  }

  private Health check() {
    if (probes.isEmpty()) {
      return Health.unknown().withDetail("kme", CLASSICAL).build();
    }
    boolean up = true;
    Map<String, Object> links = new LinkedHashMap<>();
    for (Probe probe : probes) {
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("kme", probe.link().kme().baseUrl().toString());
      try {
        Kme kme = probe.link().kme();
        KeyStatus status =
            probe
                .client()
                .status(probe.link().peerSaeId())
                .timeout(kme.connectTimeout().plus(kme.readTimeout()))
                .block();
        detail.put("status", "UP");
        detail.put("storedKeyCount", status.storedKeyCount());
        detail.put("maxKeyCount", status.maxKeyCount());
        detail.put("keySize", status.keySize());
      } catch (RuntimeException e) {
        up = false;
        detail.put("status", "DOWN");
        detail.put("error", KmeErrorKind.of(e));
        detail.put("message", String.valueOf(e.getMessage()));
      }
      links.put(probe.link().peer().value(), detail);
    }
    return (up ? Health.up() : Health.down()).withDetail("links", links).build();
  }

  @Override
  public void close() {
    probes.forEach(probe -> probe.client().close());
  }
}
