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
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
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
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair keys = generator.generateKeyPair();
    X509Certificate certificate = selfSigned(keys);

    Path keystore = dir.resolve("qrng.p12");
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        "qrng", keys.getPrivate(), PASSWORD.toCharArray(), new Certificate[] {certificate});
    try (OutputStream out = Files.newOutputStream(keystore)) {
      store.store(out, PASSWORD.toCharArray());
    }
    caPem = dir.resolve("ca.pem");
    Files.writeString(
        caPem,
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate.getEncoded())
            + "\n-----END CERTIFICATE-----\n");

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

  private static X509Certificate selfSigned(KeyPair keys) throws Exception {
    X500Name name = new X500Name("CN=test QRNG");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.valueOf(now.toEpochMilli()),
            Date.from(now.minus(1, ChronoUnit.HOURS)),
            Date.from(now.plus(1, ChronoUnit.DAYS)),
            name,
            keys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
  }
}
