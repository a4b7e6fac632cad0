package io.qkdchain.etsi014;

import java.net.URI;
import java.time.Duration;

/**
 * How to reach one KME. Build with {@link #builder(URI, String)}; every field but the base URL and
 * the own SAE ID has a default.
 *
 * @param baseUrl scheme, host, port and any path prefix in front of {@code /api/v1/keys}
 * @param ownSaeId this peer's SAE ID (for logs; the KME learns it from the client certificate)
 * @param method GET or POST form of the key operations
 * @param keyEncoding how the KME writes keys
 * @param tls TLS material, or null for plain HTTP
 * @param connectTimeout limit on establishing a connection
 * @param readTimeout limit on waiting for the answer (between reads once it has begun)
 * @param retry retries for 503 and transport failures
 */
public record KmeConfig(
    URI baseUrl,
    String ownSaeId,
    HttpForm method,
    KeyEncoding keyEncoding,
    TlsConfig tls,
    Duration connectTimeout,
    Duration readTimeout,
    RetryPolicy retry) {

  public KmeConfig {
    if (baseUrl == null) {
      throw new IllegalArgumentException("baseUrl is required");
    }
    String scheme = baseUrl.getScheme();
    if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException("baseUrl must be http or https, was " + baseUrl);
    }
    if (baseUrl.getHost() == null) {
      throw new IllegalArgumentException("baseUrl has no host: " + baseUrl);
    }
    if (tls != null && "http".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException("tls is set but baseUrl is plain http: " + baseUrl);
    }
    if (ownSaeId == null || ownSaeId.isBlank()) {
      throw new IllegalArgumentException("ownSaeId is required");
    }
    if (method == null) {
      throw new IllegalArgumentException("method is required (GET or POST)");
    }
    if (keyEncoding == null) {
      throw new IllegalArgumentException("keyEncoding is required (BASE64 or HEX)");
    }
    RetryPolicy.requirePositive(connectTimeout, "connectTimeout");
    RetryPolicy.requirePositive(readTimeout, "readTimeout");
    if (retry == null) {
      throw new IllegalArgumentException("retry is required (RetryPolicy.none() for no retries)");
    }
  }

  public static Builder builder(URI baseUrl, String ownSaeId) {
    return new Builder(baseUrl, ownSaeId);
  }

  /** Defaults: POST, base64, plain HTTP, 5 s connect, 10 s read, {@link RetryPolicy#defaults()}. */
  public static final class Builder {
    private final URI baseUrl;
    private final String ownSaeId;
    private HttpForm method = HttpForm.POST;
    private KeyEncoding keyEncoding = KeyEncoding.BASE64;
    private TlsConfig tls;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(10);
    private RetryPolicy retry = RetryPolicy.defaults();

    private Builder(URI baseUrl, String ownSaeId) {
      this.baseUrl = baseUrl;
      this.ownSaeId = ownSaeId;
    }

    public Builder method(HttpForm method) {
      this.method = method;
      return this;
    }

    public Builder keyEncoding(KeyEncoding keyEncoding) {
      this.keyEncoding = keyEncoding;
      return this;
    }

    public Builder tls(TlsConfig tls) {
      this.tls = tls;
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
      return this;
    }

    public Builder retry(RetryPolicy retry) {
      this.retry = retry;
      return this;
    }

    public KmeConfig build() {
      return new KmeConfig(
          baseUrl, ownSaeId, method, keyEncoding, tls, connectTimeout, readTimeout, retry);
    }
  }
}
