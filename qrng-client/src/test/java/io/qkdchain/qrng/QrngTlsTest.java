package io.qkdchain.qrng;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.qkdchain.qrng.QrngAnswers.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.qkdchain.qrng.QrngUnavailableException.Reason;
import io.qkdchain.testsupport.pki.Issued;
import io.qkdchain.testsupport.pki.PkiFiles;
import io.qkdchain.testsupport.pki.TestCa;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QrngTlsTest {

  private static final String PASSWORD = "test-only";

  @TempDir static Path dir;
  static Path caPem;
  static WireMockServer qrng;

  @BeforeAll
  static void start_an_https_qrng_with_a_private_ca() throws Exception {
    TestCa ca = TestCa.create("test CA");
    Issued server = ca.issue("test QRNG", KeyPurposeId.id_kp_serverAuth);
    Path keystore =
        PkiFiles.keyStore(
            dir.resolve("qrng.p12"),
            PASSWORD.toCharArray(),
            server.keys().getPrivate(),
            server.chain());
    caPem = PkiFiles.pem(dir.resolve("ca.pem"), ca.certificate());

    qrng =
        new WireMockServer(
            wireMockConfig()
                .bindAddress("127.0.0.1")
                .httpDisabled(true)
                .dynamicHttpsPort()
                .keystorePath(keystore.toString())
                .keystoreType("PKCS12")
                .keystorePassword(PASSWORD)
                .keyManagerPassword(PASSWORD));
    qrng.start();
    qrng.stubFor(
        get(urlPathEqualTo("/" + KEY + "/qbck/block/short"))
            .willReturn(okJson(QrngAnswers.shorts(0x7FFF, 0))));
  }

  @AfterAll
  static void stop() {
    qrng.stop();
  }

  @Test
  void the_configured_ca_certificate_is_trusted() {
    QrngConfig config = config().withCaCertificate(caPem);

    assertThat(new QrngClient(config).fetchEntropy()).containsExactly(0xFF, 0xFE, 0x00);
  }

  @Test
  void without_the_ca_certificate_the_server_is_not_trusted() {
    assertThatThrownBy(() -> new QrngClient(config()).fetchEntropy())
        .isInstanceOfSatisfying(
            QrngUnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.CONNECTION))
        .hasMessageNotContaining(KEY);
  }

  @Test
  void a_file_that_is_not_a_certificate_is_refused_at_construction() throws Exception {
    Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");

    assertThatThrownBy(() -> new QrngClient(config().withCaCertificate(notPem)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not.pem");
  }

  private static QrngConfig config() {
    return QrngConfig.of(URI.create("https://127.0.0.1:" + qrng.httpsPort()), KEY);
  }
}
