package io.qkdchain.etsi014;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which reader takes which PEM file: the JDK reads certificates and unencrypted PKCS#8 keys (so a
 * peer with such files never loads Bouncy Castle), Bouncy Castle the rest, and both give the same
 * key and certificates. {@link MutualTlsTest} proves each kind works in a real handshake.
 */
class PemReadingTest {

  @TempDir static Path dir;
  static TestPki pki;

  @BeforeAll
  static void createPki() throws Exception {
    pki = TestPki.create(dir);
  }

  private static List<JdkPem.Block> blocks(Path pem) throws Exception {
    return JdkPem.blocks(Files.readString(pem));
  }

  @Test
  void the_jdk_reads_an_unencrypted_pkcs8_key_as_bouncy_castle_does() throws Exception {
    PrivateKey jdk = JdkPem.pkcs8Key(blocks(pki.clientPkcs8Pem)).orElseThrow();
    PrivateKey bc = BouncyCastlePem.readPrivateKey(pki.clientPkcs8Pem, null);
    assertThat(jdk.getEncoded()).isEqualTo(bc.getEncoded());
    assertThat(ClientTls.readPrivateKey(pki.clientPkcs8Pem, null).getEncoded())
        .isEqualTo(bc.getEncoded());
  }

  @Test
  void pkcs1_and_encrypted_keys_are_left_to_bouncy_castle() throws Exception {
    assertThat(JdkPem.pkcs8Key(blocks(pki.clientPkcs1Pem))).isEmpty();
    assertThat(JdkPem.pkcs8Key(blocks(pki.clientEncryptedPkcs8Pem))).isEmpty();
    PrivateKey fromPkcs1 = ClientTls.readPrivateKey(pki.clientPkcs1Pem, null);
    PrivateKey fromEncrypted =
        ClientTls.readPrivateKey(pki.clientEncryptedPkcs8Pem, TestPki.PASSWORD);
    assertThat(fromPkcs1.getEncoded()).isEqualTo(fromEncrypted.getEncoded());
  }

  @Test
  void the_jdk_reads_a_chain_as_bouncy_castle_does() throws Exception {
    List<X509Certificate> jdk = JdkPem.certificates(blocks(pki.clientChainPem)).orElseThrow();
    assertThat(jdk).hasSizeGreaterThanOrEqualTo(2);
    assertThat(jdk).isEqualTo(BouncyCastlePem.readCertificates(pki.clientChainPem));
  }

  @Test
  void certificates_beside_a_key_are_read_and_the_key_is_skipped(@TempDir Path other)
      throws Exception {
    Path both = other.resolve("both.pem");
    Files.writeString(
        both, Files.readString(pki.clientPkcs8Pem) + Files.readString(pki.clientChainPem));
    assertThat(ClientTls.readCertificates(both))
        .isEqualTo(ClientTls.readCertificates(pki.clientChainPem));
    assertThat(ClientTls.readPrivateKey(both, null).getEncoded())
        .isEqualTo(ClientTls.readPrivateKey(pki.clientPkcs8Pem, null).getEncoded());
  }

  @Test
  void damaged_base64_is_left_to_bouncy_castle_and_its_error() throws Exception {
    String damaged = "-----BEGIN CERTIFICATE-----\nMIIB====AAAA\n-----END CERTIFICATE-----\n";
    assertThat(JdkPem.blocks(damaged)).isEmpty();
    assertThat(JdkPem.certificates(JdkPem.blocks("no PEM here"))).contains(List.of());
  }
}
