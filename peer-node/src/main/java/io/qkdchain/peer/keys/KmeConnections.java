package io.qkdchain.peer.keys;

import io.qkdchain.etsi014.Etsi014Client;
import io.qkdchain.etsi014.KmeConfig;
import io.qkdchain.etsi014.RetryPolicy;
import io.qkdchain.etsi014.RoundKeys;
import io.qkdchain.peer.config.LinkSettings;
import io.qkdchain.peer.config.PeerSettings;
import io.qkdchain.peer.config.QkdchainProperties.Kme;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.RoundKeySource;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KME clients this peer needs, one per distinct KME configuration (links that share a KME share
 * its connection pool), and the per-link key sources built on them.
 */
public final class KmeConnections implements AutoCloseable {

  static final String CLASSICAL_WARNING =
      "Classical key mode: round keys are sent over the classical channel. This is NOT quantum-secure.";
  private static final Logger log = LoggerFactory.getLogger(KmeConnections.class);

  private final List<Etsi014Client> clients = new ArrayList<>();
  private final LinkKeySources keySources;
  private final Map<PeerId, LinkKeyStream> linkKeyStreams;

  public KmeConnections(PeerSettings settings, SecureRandom random) {
    Map<Kme, RoundKeys> byKme = new HashMap<>();
    Map<PeerId, RoundKeySource> byPeer = new LinkedHashMap<>();
    Map<PeerId, LinkKeyStream> streams = new LinkedHashMap<>();
    List<PeerId> classical = new ArrayList<>();
    ClassicalRoundKeySource classicalSource = new ClassicalRoundKeySource(random);
    for (LinkSettings link : settings.links().values()) {
      if (link.classical()) {
        classical.add(link.peer());
        byPeer.put(link.peer(), classicalSource);
      } else {
        RoundKeys keys =
            byKme.computeIfAbsent(
                link.kme(),
                kme -> new RoundKeys(client(kme, settings.ownSaeId(), settings.keyDeadline())));
        byPeer.put(link.peer(), new Etsi014RoundKeySource(link.peer(), link.peerSaeId(), keys));
        streams.put(link.peer(), new Etsi014LinkKeyStream(link.peerSaeId(), keys));
      }
    }
    if (!classical.isEmpty()) {
      log.warn(CLASSICAL_WARNING + " Links: {}", classical);
    }
    keySources = new LinkKeySources(byPeer);
    linkKeyStreams = Collections.unmodifiableMap(streams);
  }

  /** The QKD key stream of each QKD link, for the link authentication; none for classical links. */
  public Map<PeerId, LinkKeyStream> linkKeyStreams() {
    return linkKeyStreams;
  }

  public RoundKeySource keySources() {
    return keySources;
  }

  private Etsi014Client client(Kme kme, String ownSaeId, Duration deadline) {
    KmeConfig config =
        kme.clientConfig(
            ownSaeId,
            new RetryPolicy(20, Duration.ofMillis(100), Duration.ofSeconds(2), 0.5, deadline));
    Etsi014Client client = new Etsi014Client(config);
    clients.add(client);
    log.info("KME {} serves this peer's QKD links (SAE ID {})", kme.baseUrl(), ownSaeId);
    return client;
  }

  @Override
  public void close() {
    clients.forEach(Etsi014Client::close);
  }
}
