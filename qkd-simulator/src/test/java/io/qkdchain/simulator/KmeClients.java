package io.qkdchain.simulator;

import io.qkdchain.etsi014.Etsi014Client;
import io.qkdchain.etsi014.HttpForm;
import io.qkdchain.etsi014.KeyContainer;
import io.qkdchain.etsi014.KeyEncoding;
import io.qkdchain.etsi014.KmeConfig;
import io.qkdchain.etsi014.RetryPolicy;
import io.qkdchain.etsi014.TlsConfig;
import io.qkdchain.testsupport.pki.CertificateDirectory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The project's ETSI client, configured per SAE against a simulator under test; closes them all.
 */
final class KmeClients implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(20);

  private final String baseUrl;
  private final CertificateDirectory pki;
  private final KeyEncoding encoding;
  private final List<Etsi014Client> opened = new ArrayList<>();

  private KmeClients(String baseUrl, CertificateDirectory pki, KeyEncoding encoding) {
    this.baseUrl = baseUrl;
    this.pki = pki;
    this.encoding = encoding;
  }

  static KmeClients overMutualTls(int port, CertificateDirectory pki) {
    return new KmeClients("https://127.0.0.1:" + port, pki, KeyEncoding.BASE64);
  }

  /** Plain HTTP: each SAE names itself with the {@code /sae/{id}} prefix of its base URL. */
  static KmeClients overPlainHttp(int port, KeyEncoding encoding) {
    return new KmeClients("http://127.0.0.1:" + port, null, encoding);
  }

  Etsi014Client sae(String saeId) {
    return sae(saeId, HttpForm.POST, RetryPolicy.none());
  }

  Etsi014Client sae(String saeId, HttpForm form, RetryPolicy retry) {
    String base = pki == null ? baseUrl + "/sae/" + saeId : baseUrl;
    return open(saeId, base, form, retry, pki == null ? null : identity(saeId));
  }

  /**
   * A client whose base URL prefix claims {@code claimedSae} while its certificate is {@code
   * saeId}.
   */
  Etsi014Client claiming(String saeId, String claimedSae) {
    return open(
        saeId, baseUrl + "/sae/" + claimedSae, HttpForm.POST, RetryPolicy.none(), identity(saeId));
  }

  /** A TLS client that verifies the KME but presents no certificate. */
  Etsi014Client anonymous() {
    return open(
        "anonymous",
        baseUrl,
        HttpForm.POST,
        RetryPolicy.none(),
        TlsConfig.serverOnly(pki.caCertificate()));
  }

  static <T> T await(Mono<T> answer) {
    return answer.block(WAIT);
  }

  static byte[] onlyKey(KeyContainer container) {
    return container.keys().get(0).material().clone();
  }

  private TlsConfig identity(String saeId) {
    return TlsConfig.pem(pki.certificate(saeId), pki.privateKey(saeId), pki.caCertificate());
  }

  private Etsi014Client open(
      String saeId, String base, HttpForm form, RetryPolicy retry, TlsConfig tls) {
    Etsi014Client client =
        new Etsi014Client(
            KmeConfig.builder(URI.create(base), saeId)
                .method(form)
                .keyEncoding(encoding)
                .tls(tls)
                .retry(retry)
                .build());
    opened.add(client);
    return client;
  }

  @Override
  public void close() {
    opened.forEach(Etsi014Client::close);
  }
}
