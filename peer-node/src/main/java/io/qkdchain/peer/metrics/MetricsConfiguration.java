package io.qkdchain.peer.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import io.qkdchain.peer.config.LinkSettings;
import io.qkdchain.peer.config.PeerSettings;
import io.qkdchain.peer.consensus.ConsensusEngine;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.RoundKeySource;
import io.qkdchain.peer.keys.KmeConnections;
import io.qkdchain.peer.storage.FileChainStore;
import io.qkdchain.peer.storage.FileStateStore;
import io.qkdchain.peer.transport.HttpTransport;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/** The peer's {@code qkdchain.*} meters, exported at {@code /actuator/prometheus}. */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

  @Bean
  ConsensusMetrics consensusMetrics(MeterRegistry registry, PeerSettings settings) {
    return new ConsensusMetrics(registry, settings.self());
  }

  @Bean
  RoundKeySource roundKeySource(KmeConnections kme, PeerSettings settings, MeterRegistry registry) {
    Set<PeerId> qkdLinks =
        settings.links().values().stream()
            .filter(link -> !link.classical())
            .map(LinkSettings::peer)
            .collect(Collectors.toSet());
    return new MeteredRoundKeySource(kme.keySources(), qkdLinks, registry);
  }

  /**
   * No {@code http.server.requests} observation for the peer-to-peer routes: a round makes several
   * of those requests per peer, observing each took about 5 % of a peer's CPU under load, and the
   * {@code qkdchain_*} meters already count what they carry. The client routes keep theirs.
   */
  @Bean
  ObservationPredicate peerRoutesUnobserved() {
    return (name, context) ->
        !(context instanceof ServerRequestObservationContext request
            && request.getCarrier().getRequestURI().startsWith("/peer/"));
  }

  @Bean
  QueueAndDiskMeters queueAndDiskMeters(
      HttpTransport transport, FileStateStore state, FileChainStore chain) {
    return new QueueAndDiskMeters(transport, state, chain);
  }

  @Bean
  PendingTransactionsGauge pendingTransactionsGauge(ConsensusEngine engine) {
    return new PendingTransactionsGauge(engine);
  }
}
