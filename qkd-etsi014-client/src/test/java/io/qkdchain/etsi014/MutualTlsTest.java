package io.qkdchain.etsi014;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A KME stub that requires a client certificate signed by the test CA. */
class MutualTlsTest {

  @TempDir static Path dir;
  static TestPki pki;
  static WireMockServer kme;

  @BeforeAll
  static void startKme() throws Exception {
    pki = TestPki.create(dir);
    kme = new WireMockServer(httpsOptions(pki));
    kme.start();
    kme.stubFor(
        get(urlEqualTo("/api/v1/keys/peer-2/status"))
            .willReturn(
                aResponse().withHeader("Content-Type", "application/json").withBody(Stubs.STATUS)));
  }

  static com.github.tomakehurst.wiremock.core.WireMockConfiguration httpsOptions(TestPki pki) {
    return options()
        .bindAddress("127.0.0.1")
        .httpDisabled(true)
        .httpsPort(0)
        .keystorePath(pki.serverKeyStore.toString())
        .keystorePassword(new String(TestPki.PASSWORD))
        .keyManagerPassword(new String(TestPki.PASSWORD))
        .keystoreType("PKCS12")
        .needClientAuth(true)
        .trustStorePath(pki.serverTrustStore.toString())
        .trustStorePassword(new String(TestPki.PASSWORD))
        .trustStoreType("PKCS12");
  }

  @AfterAll
  static void stopKme() {
    if (kme != null) {
      kme.stop();
    }
  }

  private static KeyStatus statusWith(TlsConfig tls, String host) {
    KmeConfig config =
        KmeConfig.builder(URI.create("https://" + host + ":" + kme.httpsPort()), "peer-1")
            .tls(tls)
            .readTimeout(Duration.ofSeconds(5))
            .retry(RetryPolicy.none())
            .build();
    try (Etsi014Client client = new Etsi014Client(config)) {
      return client.status("peer-2").block(Duration.ofSeconds(10));
    }
  }

  @Test
  void a_client_with_a_pkcs1_pem_key_is_accepted() {
    assertThat(
            statusWith(
                    TlsConfig.pem(pki.clientChainPem, pki.clientPkcs1Pem, pki.caPem), "127.0.0.1")
                .slaveSaeId())
        .isEqualTo("peer-2");
  }

  @Test
  void a_client_with_a_pkcs8_pem_key_is_accepted_by_host_name_too() {
    assertThat(
            statusWith(
                    TlsConfig.pem(pki.clientChainPem, pki.clientPkcs8Pem, pki.caPem), "localhost")
                .keySize())
        .isEqualTo(1024);
  }

  @Test
  void a_client_with_an_encrypted_pkcs8_key_and_its_password_is_accepted() {
    TlsConfig tls =
        TlsConfig.pem(pki.clientChainPem, pki.clientEncryptedPkcs8Pem, TestPki.PASSWORD, pki.caPem);
    assertThat(statusWith(tls, "127.0.0.1").keySize()).isEqualTo(1024);
  }

  @Test
  void an_encrypted_key_without_a_password_is_a_configuration_error() {
    TlsConfig tls = TlsConfig.pem(pki.clientChainPem, pki.clientEncryptedPkcs8Pem, pki.caPem);
    assertThatThrownBy(() -> statusWith(tls, "127.0.0.1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("privateKeyPassword");
  }

  @Test
  void a_client_with_a_pkcs12_identity_is_accepted() {
    assertThat(
            statusWith(TlsConfig.pkcs12(pki.clientPkcs12, TestPki.PASSWORD, pki.caPem), "127.0.0.1")
                .keySize())
        .isEqualTo(1024);
  }

  @Test
  void a_client_without_a_certificate_is_refused() {
    assertThatThrownBy(() -> statusWith(TlsConfig.serverOnly(pki.caPem), "127.0.0.1"))
        .isInstanceOf(KmeTransportFailure.class);
  }

  @Test
  void a_kme_signed_by_an_untrusted_ca_is_refused() {
    TlsConfig tls = TlsConfig.pem(pki.clientChainPem, pki.clientPkcs8Pem, pki.strangerCaPem);
    assertThatThrownBy(() -> statusWith(tls, "127.0.0.1")).isInstanceOf(KmeTransportFailure.class);
  }

  @Test
  void a_kme_whose_certificate_names_another_host_is_refused(@TempDir Path otherDir)
      throws Exception {
    TestPki misnamed = TestPki.createForServerNames(otherDir, "kme.example");
    WireMockServer impostor = new WireMockServer(httpsOptions(misnamed));
    impostor.start();
    try {
      KmeConfig config =
          KmeConfig.builder(URI.create("https://127.0.0.1:" + impostor.httpsPort()), "peer-1")
              .tls(TlsConfig.pem(misnamed.clientChainPem, misnamed.clientPkcs8Pem, misnamed.caPem))
              .retry(RetryPolicy.none())
              .build();
      try (Etsi014Client client = new Etsi014Client(config)) {
        assertThatThrownBy(() -> client.status("peer-2").block(Duration.ofSeconds(10)))
            .isInstanceOf(KmeTransportFailure.class);
      }
    } finally {
      impostor.stop();
    }
  }
}
