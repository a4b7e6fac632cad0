package io.qkdchain.qrng;

import io.qkdchain.qrng.QrngUnavailableException.Reason;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call to the Quantum Blockchains QRNG API per {@link #fetchEntropy()}. The JDK HTTP client is
 * used rather than Spring's WebClient because WebClient logs full request URLs at DEBUG level, and
 * this API carries its key in the URL path.
 */
public final class QrngClient {

  private static final Logger log = LoggerFactory.getLogger(QrngClient.class);
  private static final String REDACTED = "***";

  private final QrngConfig config;
  private final HttpClient http;
  private final URI blockUri;

  /**
   * A client that trusts the configured CA certificate, or the JVM's default CAs when none is set.
   */
  public QrngClient(QrngConfig config) {
    this(config, tlsFor(config));
  }

  /**
   * A client with its own TLS context, e.g. one that also presents a client certificate to a
   * simulator that demands mutual TLS; {@code config.caCertificate()} is then not used.
   */
  public QrngClient(QrngConfig config, SSLContext tls) {
    if (config == null || tls == null) {
      throw new IllegalArgumentException("config and TLS context must not be null");
    }
    this.config = config;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.connectTimeout())
            .proxy(ProxySelector.getDefault())
            .sslContext(tls)
            .build();
    this.blockUri =
        URI.create(
            config.baseUrl()
                + "/"
                + config.apiKey()
                + config.blockType().request(config.batchSize(), config.blockLength()));
  }

  private static SSLContext tlsFor(QrngConfig config) {
    if (config.caCertificate() != null) {
      return TrustedCa.sslContext(config.caCertificate());
    }
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no default TLS context", e);
    }
  }

  public QrngConfig config() {
    return config;
  }

  /**
   * Fetches one block and returns its raw bits as bytes.
   *
   * @throws QrngUnavailableException on any failure, with the API key kept out of the message
   */
  public byte[] fetchEntropy() {
    HttpRequest request =
        HttpRequest.newBuilder(blockUri)
            .timeout(config.readTimeout())
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<String> response = send(request);
    if (response.statusCode() / 100 != 2) {
      throw new QrngUnavailableException(
          Reason.HTTP_STATUS,
          "QRNG request " + redactedUri() + " answered HTTP " + response.statusCode());
    }
    try {
      byte[] entropy = QrngAnswer.entropy(response.body(), config.blockType());
      log.debug("QRNG request {} served {} bytes", redactedUri(), entropy.length);
      return entropy;
    } catch (QrngUnavailableException e) {
      // The service's own error text is quoted, and a careless server might echo the key.
      throw new QrngUnavailableException(e.reason(), redact(e.getMessage()));
    }
  }

  /** The request URL with the key replaced, the only form that may be logged. */
  public String redactedUri() {
    return redact(blockUri.toString());
  }

  private HttpResponse<String> send(HttpRequest request) {
    CompletableFuture<HttpResponse<String>> pending =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    // The request timeout only covers the wait for headers; this bounds the body as well.
    long limitMillis = config.connectTimeout().plus(config.readTimeout()).toMillis();
    try {
      return pending.get(limitMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw timeout();
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw new QrngUnavailableException(
          Reason.CONNECTION, "interrupted while waiting for QRNG request " + redactedUri());
    } catch (ExecutionException e) {
      throw translate(e.getCause());
    }
  }

  // Causes are not attached: exceptions of the HTTP stack may quote the URL, and with it the key.
  private QrngUnavailableException translate(Throwable failure) {
    if (failure instanceof HttpTimeoutException) {
      return timeout();
    }
    String detail = failure.getClass().getSimpleName();
    if (failure.getMessage() != null) {
      detail += ": " + redact(failure.getMessage());
    }
    return new QrngUnavailableException(
        Reason.CONNECTION, "QRNG request " + redactedUri() + " failed (" + detail + ")");
  }

  private QrngUnavailableException timeout() {
    return new QrngUnavailableException(
        Reason.TIMEOUT,
        "QRNG request "
            + redactedUri()
            + " timed out (connect "
            + config.connectTimeout().toMillis()
            + " ms, read "
            + config.readTimeout().toMillis()
            + " ms)");
  }

  private String redact(String text) {
    return text.replace(config.apiKey(), REDACTED);
  }
}
