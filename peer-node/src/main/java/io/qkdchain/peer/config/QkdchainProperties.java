package io.qkdchain.peer.config;

import io.qkdchain.etsi014.HttpForm;
import io.qkdchain.etsi014.KeyEncoding;
import io.qkdchain.etsi014.KmeConfig;
import io.qkdchain.etsi014.RetryPolicy;
import io.qkdchain.etsi014.TlsConfig;
import io.qkdchain.qrng.FallbackPolicy;
import io.qkdchain.toeplitz.ToeplitzFamily;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The {@code qkdchain.*} keys of docs/configuration.md, as bound; {@link PeerSettings#from} checks
 * them and derives what the node runs on. Defaults here are the documented ones.
 */
@ConfigurationProperties("qkdchain")
public record QkdchainProperties(
    String peerId,
    @DefaultValue("2") int dimension,
    @DefaultValue List<Peer> peers,
    @DefaultValue Keys keys,
    @DefaultValue Map<String, Link> links,
    @DefaultValue Mac mac,
    @DefaultValue Consensus consensus,
    @DefaultValue Qrng qrng,
    @DefaultValue Limits limits,
    @DefaultValue Storage storage,
    @DefaultValue Transport transport,
    @DefaultValue Api api,
    @DefaultValue PeerAuth peerAuth) {

  /** A member: its id, where it listens, and its SAE ID at its KME (defaults to the id). */
  public record Peer(String id, URI url, String saeId) {}

  /** Where round keys come from. */
  public enum KeySource {
    ETSI014,
    CLASSICAL
  }

  public record Keys(
      @DefaultValue("etsi014") KeySource source,
      @DefaultValue Kme kme,
      @DefaultValue("10s") Duration deadline) {}

  /** This peer's KME and how to talk to it. */
  public record Kme(
      URI baseUrl,
      @DefaultValue("POST") HttpForm method,
      @DefaultValue("base64") KeyEncoding keyEncoding,
      Path clientCertificate,
      Path clientKey,
      Path clientPkcs12,
      String clientPkcs12Password,
      Path caCertificate,
      @DefaultValue("2s") Duration connectTimeout,
      @DefaultValue("5s") Duration readTimeout) {

    /** The ETSI client's configuration for this KME, as SAE {@code ownSaeId}. */
    public KmeConfig clientConfig(String ownSaeId, RetryPolicy retry) {
      return KmeConfig.builder(baseUrl, ownSaeId)
          .method(method)
          .keyEncoding(keyEncoding)
          .tls(tls())
          .connectTimeout(connectTimeout)
          .readTimeout(readTimeout)
          .retry(retry)
          .build();
    }

    private TlsConfig tls() {
      if (!"https".equalsIgnoreCase(baseUrl.getScheme())) {
        return null;
      }
      if (clientPkcs12 != null) {
        return TlsConfig.pkcs12(clientPkcs12, clientPkcs12Password.toCharArray(), caCertificate);
      }
      if (clientCertificate != null) {
        return TlsConfig.pem(clientCertificate, clientKey, caCertificate);
      }
      return TlsConfig.serverOnly(caCertificate);
    }

    @Override
    public String toString() {
      return "Kme[baseUrl=" + baseUrl + ", method=" + method + "]";
    }
  }

  /** Per-link overrides: any field left out falls back to {@code qkdchain.keys}. */
  public record Link(KeySource source, KmeOverride kme) {}

  /** The {@link Kme} fields, each optional. */
  public record KmeOverride(
      URI baseUrl,
      HttpForm method,
      KeyEncoding keyEncoding,
      Path clientCertificate,
      Path clientKey,
      Path clientPkcs12,
      String clientPkcs12Password,
      Path caCertificate,
      Duration connectTimeout,
      Duration readTimeout) {

    Kme over(Kme base) {
      return new Kme(
          or(baseUrl, base.baseUrl()),
          or(method, base.method()),
          or(keyEncoding, base.keyEncoding()),
          or(clientCertificate, base.clientCertificate()),
          or(clientKey, base.clientKey()),
          or(clientPkcs12, base.clientPkcs12()),
          or(clientPkcs12Password, base.clientPkcs12Password()),
          or(caCertificate, base.caCertificate()),
          or(connectTimeout, base.connectTimeout()),
          or(readTimeout, base.readTimeout()));
    }

    private static <T> T or(T value, T fallback) {
      return value != null ? value : fallback;
    }

    @Override
    public String toString() {
      return "KmeOverride[baseUrl=" + baseUrl + "]";
    }
  }

  public record Mac(
      @DefaultValue("lfsr") ToeplitzFamily family, @DefaultValue("256") int tagBits) {}

  /**
   * @param quorum distinct members a peer must hear directly to act (default {@code N - f})
   * @param voteThreshold the vote-chain protocol's key, read only to refuse it with a pointer to
   *     {@code quorum}
   */
  public record Consensus(
      Integer quorum,
      Integer voteThreshold,
      @DefaultValue("3s") Duration viewTimeout,
      @DefaultValue("1000") int maxBlockTransactions,
      @DefaultValue("8MB") DataSize maxBlockBytes,
      @DefaultValue("5s") Duration regossipInterval,
      @DefaultValue("10000") int maxBufferedMessages,
      @DefaultValue("true") boolean prefetchKeys) {}

  public record Qrng(
      URI baseUrl,
      String apiKey,
      @DefaultValue("fallback-securerandom") FallbackPolicy fallback,
      Path caCertificate,
      @DefaultValue("30s") Duration retryAfter,
      @DefaultValue("1s") Duration drawWait) {

    @Override
    public String toString() {
      return "Qrng[baseUrl="
          + baseUrl
          + ", fallback="
          + fallback
          + ", retryAfter="
          + retryAfter
          + ", drawWait="
          + drawWait
          + "]";
    }
  }

  public record Limits(
      @DefaultValue("1MB") DataSize maxTransactionBytes,
      @DefaultValue("100000") int maxPendingTransactions,
      @DefaultValue("128MB") DataSize maxPendingBytes) {}

  /**
   * Where the chain and the peer's state live, and how the chain store maintains itself: a
   * checkpoint of its indexes at most every {@code checkpointInterval}, a full re-scan of the chain
   * every {@code verifyInterval} (0 turns the schedule off) and at most one per {@code
   * verifyMinInterval} when asked through {@code GET /api/v1/chain/verify}, each using at most
   * {@code verifyCpuShare} of one core.
   */
  public record Storage(
      Path dir,
      @DefaultValue("10s") Duration checkpointInterval,
      @DefaultValue("1h") Duration verifyInterval,
      @DefaultValue("1m") Duration verifyMinInterval,
      @DefaultValue("0.25") double verifyCpuShare) {}

  /** Peer-to-peer HTTP. */
  public record Transport(
      @DefaultValue("2s") Duration connectTimeout,
      @DefaultValue("10s") Duration requestTimeout,
      @DefaultValue("10000") int maxQueuedMessages) {}

  /** Client API; {@code key}, when set, is required in {@code X-API-Key} (docs/security.md). */
  public record Api(
      @DefaultValue("10s") Duration waitTimeout,
      @DefaultValue("100") int maxBlocksPerPage,
      String key,
      @DefaultValue("false") boolean protectReads,
      @DefaultValue("4MB") DataSize maxPageBytes,
      @DefaultValue("600") int blockReadsPerMinute,
      @DefaultValue("6") int verifyRequestsPerMinute,
      @DefaultValue("10000") int rateLimitedClients,
      @DefaultValue("8") int maxConcurrentReads) {

    @Override
    public String toString() {
      return "Api[waitTimeout="
          + waitTimeout
          + ", maxBlocksPerPage="
          + maxBlocksPerPage
          + ", key="
          + (key == null ? "unset" : "set")
          + ", protectReads="
          + protectReads
          + ", maxPageBytes="
          + maxPageBytes
          + ", blockReadsPerMinute="
          + blockReadsPerMinute
          + ", verifyRequestsPerMinute="
          + verifyRequestsPerMinute
          + ", rateLimitedClients="
          + rateLimitedClients
          + ", maxConcurrentReads="
          + maxConcurrentReads
          + "]";
    }
  }

  /**
   * How peer routes are authenticated (docs/security.md): by keys drawn from each link's QKD key
   * stream ({@code qkd}, {@code qkd-wegman-carter}), by static per-pair secrets ({@code hmac}, for
   * classical key mode and tests), or not at all ({@code none}).
   */
  public enum PeerAuthMode {
    QKD,
    QKD_WEGMAN_CARTER,
    HMAC,
    NONE;

    public boolean fromQkd() {
      return this == QKD || this == QKD_WEGMAN_CARTER;
    }

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * Peer-route authentication. {@code mode} unset means {@code qkd} when round keys come from KMEs
   * and {@code hmac} in classical key mode. {@code secrets.<other-peer-id>} is the hex secret this
   * peer shares with that peer, for {@code hmac} only.
   */
  public record PeerAuth(
      PeerAuthMode mode,
      @DefaultValue Map<String, String> secrets,
      @DefaultValue("30s") Duration clockSkew,
      @DefaultValue("65536") int maxNoncesPerPeer,
      @DefaultValue("30s") Duration epoch,
      @DefaultValue("30s") Duration grace,
      @DefaultValue("5s") Duration redrawInterval,
      @DefaultValue WegmanCarter wegmanCarter) {

    @Override
    public String toString() {
      return "PeerAuth[mode="
          + mode
          + ", secrets for "
          + secrets.keySet()
          + ", clockSkew="
          + clockSkew
          + ", maxNoncesPerPeer="
          + maxNoncesPerPeer
          + ", epoch="
          + epoch
          + ", grace="
          + grace
          + ", redrawInterval="
          + redrawInterval
          + ", "
          + wegmanCarter
          + "]";
    }
  }

  /** {@code qkd-wegman-carter}: tag size and how many one-time pads one epoch's key holds. */
  public record WegmanCarter(
      @DefaultValue("128") int tagBits, @DefaultValue("32") int padsPerEpoch) {}
}
