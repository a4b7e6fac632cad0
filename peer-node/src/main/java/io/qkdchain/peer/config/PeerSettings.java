package io.qkdchain.peer.config;

import io.qkdchain.peer.config.QkdchainProperties.KeySource;
import io.qkdchain.peer.config.QkdchainProperties.Kme;
import io.qkdchain.peer.config.QkdchainProperties.Link;
import io.qkdchain.peer.config.QkdchainProperties.Peer;
import io.qkdchain.peer.consensus.ConsensusSettings;
import io.qkdchain.peer.consensus.Membership;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.qrng.QrngConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration once checked: what the node is built from. {@link #from} validates every key of
 * docs/configuration.md and throws {@link InvalidPropertyException} naming the first bad one.
 */
public record PeerSettings(
    Membership membership,
    Map<PeerId, URI> peerUrls,
    Map<PeerId, String> saeIds,
    Map<PeerId, LinkSettings> links,
    Duration keyDeadline,
    ConsensusSettings consensus,
    Optional<QrngConfig> qrng,
    Path storageDir,
    QkdchainProperties.Storage storage,
    QkdchainProperties.Transport transport,
    QkdchainProperties.Api api) {

  private static final int MAX_DIMENSION = 10;

  public PeerId self() {
    return membership.self();
  }

  public String ownSaeId() {
    return saeIds.get(self());
  }

  public static PeerSettings from(QkdchainProperties p) {
    PeerId self = peerId(p.peerId(), "qkdchain.peer-id");
    if (p.dimension() < 1 || p.dimension() > MAX_DIMENSION) {
      throw new InvalidPropertyException(
          "qkdchain.dimension",
          "must be between 1 and " + MAX_DIMENSION + ", got " + p.dimension());
    }
    int n = 1 << p.dimension();
    if (p.peers().size() != n) {
      throw new InvalidPropertyException(
          "qkdchain.peers",
          "dimension " + p.dimension() + " needs exactly " + n + " peers, got " + p.peers().size());
    }
    Map<PeerId, URI> urls = new LinkedHashMap<>();
    Map<PeerId, String> saeIds = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      Peer peer = p.peers().get(i);
      String key = "qkdchain.peers[" + i + "]";
      PeerId id = peerId(peer.id(), key + ".id");
      if (urls.containsKey(id)) {
        throw new InvalidPropertyException(key + ".id", id + " is listed twice");
      }
      urls.put(id, httpUrl(peer.url(), key + ".url"));
      saeIds.put(id, peer.saeId() == null || peer.saeId().isBlank() ? id.value() : peer.saeId());
    }
    if (!urls.containsKey(self)) {
      throw new InvalidPropertyException(
          "qkdchain.peer-id", self + " is not among qkdchain.peers " + urls.keySet());
    }
    Membership membership = membership(p, urls, self, n);
    ConsensusSettings consensus = consensus(p);
    Map<PeerId, LinkSettings> links = links(p, membership, saeIds);
    if (p.keys().deadline() == null || p.keys().deadline().toMillis() < 1) {
      throw new InvalidPropertyException("qkdchain.keys.deadline", "must be positive");
    }
    Path storage = p.storage().dir() != null ? p.storage().dir() : Path.of("data", self.value());
    if (Files.exists(storage) && !Files.isDirectory(storage)) {
      throw new InvalidPropertyException(
          "qkdchain.storage.dir", storage + " exists and is not a directory");
    }
    positive(p.transport().connectTimeout(), "qkdchain.transport.connect-timeout");
    positive(p.transport().requestTimeout(), "qkdchain.transport.request-timeout");
    if (p.transport().maxQueuedMessages() < 1) {
      throw new InvalidPropertyException("qkdchain.transport.max-queued-messages", "must be >= 1");
    }
    positive(p.api().waitTimeout(), "qkdchain.api.wait-timeout");
    if (p.api().maxBlocksPerPage() < 1) {
      throw new InvalidPropertyException("qkdchain.api.max-blocks-per-page", "must be >= 1");
    }
    if (p.api().maxPageBytes() == null || p.api().maxPageBytes().toBytes() < 1024) {
      throw new InvalidPropertyException("qkdchain.api.max-page-bytes", "must be >= 1KB");
    }
    atLeastOne(p.api().blockReadsPerMinute(), "qkdchain.api.block-reads-per-minute");
    atLeastOne(p.api().verifyRequestsPerMinute(), "qkdchain.api.verify-requests-per-minute");
    atLeastOne(p.api().rateLimitedClients(), "qkdchain.api.rate-limited-clients");
    atLeastOne(p.api().maxConcurrentReads(), "qkdchain.api.max-concurrent-reads");
    positive(p.storage().checkpointInterval(), "qkdchain.storage.checkpoint-interval");
    if (p.storage().verifyInterval() == null || p.storage().verifyInterval().isNegative()) {
      throw new InvalidPropertyException("qkdchain.storage.verify-interval", "must be >= 0");
    }
    if (p.storage().verifyMinInterval() == null || p.storage().verifyMinInterval().isNegative()) {
      throw new InvalidPropertyException("qkdchain.storage.verify-min-interval", "must be >= 0");
    }
    if (!(p.storage().verifyCpuShare() > 0 && p.storage().verifyCpuShare() <= 1)) {
      throw new InvalidPropertyException(
          "qkdchain.storage.verify-cpu-share", "must be above 0 and at most 1 (one core)");
    }
    return new PeerSettings(
        membership,
        Collections.unmodifiableMap(urls),
        Collections.unmodifiableMap(saeIds),
        Collections.unmodifiableMap(links),
        p.keys().deadline(),
        consensus,
        qrng(p),
        storage,
        p.storage(),
        p.transport(),
        p.api());
  }

  private static Membership membership(
      QkdchainProperties p, Map<PeerId, URI> urls, PeerId self, int n) {
    int defaultQuorum = Membership.defaultQuorum(n);
    if (p.consensus().voteThreshold() != null) {
      throw new InvalidPropertyException(
          "qkdchain.consensus.vote-threshold",
          "is no longer read: votes are now counted per member, not per (initiator, voter) pair."
              + " The original's 12 of 16 vote pairs maps to quorum 3 of 4; remove this key, and"
              + " set qkdchain.consensus.quorum only to change the default N - f ("
              + defaultQuorum
              + " of "
              + n
              + " here)");
    }
    int quorum = p.consensus().quorum() != null ? p.consensus().quorum() : defaultQuorum;
    String problem = Membership.quorumProblem(n, quorum);
    if (problem != null) {
      throw new InvalidPropertyException("qkdchain.consensus.quorum", problem);
    }
    return new Membership(urls.keySet().stream().toList(), self, quorum);
  }

  private static ConsensusSettings consensus(QkdchainProperties p) {
    try {
      p.mac().family().validateTagBits(p.mac().tagBits());
    } catch (IllegalArgumentException e) {
      throw new InvalidPropertyException("qkdchain.mac.tag-bits", e.getMessage());
    }
    positive(p.consensus().viewTimeout(), "qkdchain.consensus.view-timeout");
    positive(p.consensus().regossipInterval(), "qkdchain.consensus.regossip-interval");
    atLeastOne(p.consensus().maxBlockTransactions(), "qkdchain.consensus.max-block-transactions");
    atLeastOne(p.consensus().maxBlockBytes().toBytes(), "qkdchain.consensus.max-block-bytes");
    atLeastOne(p.consensus().maxBufferedMessages(), "qkdchain.consensus.max-buffered-messages");
    long txBytes = p.limits().maxTransactionBytes().toBytes();
    atLeastOne(txBytes, "qkdchain.limits.max-transaction-bytes");
    if (txBytes > 64L * 1024 * 1024) {
      throw new InvalidPropertyException(
          "qkdchain.limits.max-transaction-bytes",
          "must be at most 64MB, got " + txBytes + " bytes");
    }
    atLeastOne(p.limits().maxPendingTransactions(), "qkdchain.limits.max-pending-transactions");
    long pendingBytes = p.limits().maxPendingBytes().toBytes();
    if (pendingBytes < txBytes) {
      throw new InvalidPropertyException(
          "qkdchain.limits.max-pending-bytes",
          "must be at least qkdchain.limits.max-transaction-bytes ("
              + txBytes
              + " bytes), got "
              + pendingBytes);
    }
    return new ConsensusSettings(
        p.mac().family(),
        p.mac().tagBits(),
        p.consensus().maxBlockTransactions(),
        p.consensus().maxBlockBytes().toBytes(),
        (int) txBytes,
        p.limits().maxPendingTransactions(),
        p.consensus().viewTimeout(),
        p.consensus().regossipInterval(),
        p.consensus().maxBufferedMessages(),
        p.consensus().prefetchKeys(),
        pendingBytes);
  }

  private static Map<PeerId, LinkSettings> links(
      QkdchainProperties p, Membership membership, Map<PeerId, String> saeIds) {
    for (String name : p.links().keySet()) {
      PeerId peer = peerId(name, "qkdchain.links." + name);
      if (!membership.isMember(peer) || peer.equals(membership.self())) {
        throw new InvalidPropertyException(
            "qkdchain.links." + name, "names no other member of the cluster");
      }
    }
    Map<PeerId, LinkSettings> links = new LinkedHashMap<>();
    for (PeerId other : membership.others()) {
      Link link = p.links().get(other.value());
      KeySource source = link != null && link.source() != null ? link.source() : p.keys().source();
      Kme kme = p.keys().kme();
      String prefix = "qkdchain.keys.kme";
      if (link != null && link.kme() != null) {
        kme = link.kme().over(kme);
        prefix = "qkdchain.links." + other.value() + ".kme";
      }
      if (source == KeySource.ETSI014) {
        checkKme(kme, prefix);
      }
      links.put(other, new LinkSettings(other, saeIds.get(other), source, kme, prefix));
    }
    return links;
  }

  private static void checkKme(Kme kme, String prefix) {
    if (kme.baseUrl() == null) {
      throw new InvalidPropertyException(
          prefix + ".base-url", "is required when the key source is etsi014");
    }
    httpUrl(kme.baseUrl(), prefix + ".base-url");
    if ((kme.clientCertificate() == null) != (kme.clientKey() == null)) {
      throw new InvalidPropertyException(
          prefix + (kme.clientCertificate() == null ? ".client-certificate" : ".client-key"),
          "client-certificate and client-key must be given together");
    }
    if (kme.clientCertificate() != null && kme.clientPkcs12() != null) {
      throw new InvalidPropertyException(
          prefix + ".client-pkcs12", "give either PEM files or a PKCS#12 file, not both");
    }
    if (kme.clientPkcs12() != null && kme.clientPkcs12Password() == null) {
      throw new InvalidPropertyException(
          prefix + ".client-pkcs12-password", "is required with client-pkcs12");
    }
    readable(kme.clientCertificate(), prefix + ".client-certificate");
    readable(kme.clientKey(), prefix + ".client-key");
    readable(kme.clientPkcs12(), prefix + ".client-pkcs12");
    readable(kme.caCertificate(), prefix + ".ca-certificate");
    boolean tlsFiles =
        kme.clientCertificate() != null
            || kme.clientPkcs12() != null
            || kme.caCertificate() != null;
    if (tlsFiles && "http".equalsIgnoreCase(kme.baseUrl().getScheme())) {
      throw new InvalidPropertyException(
          prefix + ".base-url", "TLS files are configured but the URL is plain http");
    }
    positive(kme.connectTimeout(), prefix + ".connect-timeout");
    positive(kme.readTimeout(), prefix + ".read-timeout");
  }

  private static Optional<QrngConfig> qrng(QkdchainProperties p) {
    QkdchainProperties.Qrng q = p.qrng();
    if (q.baseUrl() == null) {
      if (q.apiKey() != null) {
        throw new InvalidPropertyException(
            "qkdchain.qrng.base-url", "is required when qkdchain.qrng.api-key is set");
      }
      return Optional.empty();
    }
    if (q.apiKey() == null || q.apiKey().isBlank()) {
      throw new InvalidPropertyException(
          "qkdchain.qrng.api-key", "is required when qkdchain.qrng.base-url is set");
    }
    readable(q.caCertificate(), "qkdchain.qrng.ca-certificate");
    try {
      return Optional.of(
          QrngConfig.of(q.baseUrl(), q.apiKey())
              .withFallback(q.fallback(), q.retryAfter())
              .withDrawWait(q.drawWait())
              .withCaCertificate(q.caCertificate()));
    } catch (IllegalArgumentException e) {
      // QrngConfig's messages start with the field name and never quote the API key.
      String message = e.getMessage();
      int space = message.indexOf(' ');
      String field = space > 0 ? message.substring(0, space) : "base-url";
      throw new InvalidPropertyException("qkdchain.qrng." + field, message.substring(space + 1));
    }
  }

  private static PeerId peerId(String value, String key) {
    if (value == null || value.isBlank()) {
      throw new InvalidPropertyException(key, "is required");
    }
    try {
      return PeerId.of(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidPropertyException(key, e.getMessage());
    }
  }

  private static URI httpUrl(URI url, String key) {
    if (url == null) {
      throw new InvalidPropertyException(key, "is required");
    }
    String scheme = url.getScheme();
    if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
        || url.getHost() == null) {
      throw new InvalidPropertyException(key, "must be an http or https URL, got " + url);
    }
    return url;
  }

  private static void readable(Path file, String key) {
    if (file != null && !Files.isReadable(file)) {
      throw new InvalidPropertyException(key, "file " + file + " does not exist or is unreadable");
    }
  }

  private static void positive(Duration value, String key) {
    if (value == null || value.toMillis() < 1) {
      throw new InvalidPropertyException(key, "must be at least 1ms, got " + value);
    }
  }

  private static void atLeastOne(long value, String key) {
    if (value < 1) {
      throw new InvalidPropertyException(key, "must be at least 1, got " + value);
    }
  }
}
