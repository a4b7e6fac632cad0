package io.qkdchain.testsupport.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateDirectoryTest {

  @TempDir Path dir;

  @Test
  void the_layout_is_the_one_make_certs_writes_and_every_certificate_is_signed_by_the_ca()
      throws Exception {
    CertificateDirectory pki = CertificateDirectory.create(dir, List.of("peer-1", "peer-2"));

    X509Certificate ca = read(pki.caCertificate());
    for (String stem : List.of("kme", "peer-1", "peer-2")) {
      X509Certificate leaf = read(dir.resolve(stem + ".crt"));
      leaf.verify(ca.getPublicKey());
      leaf.checkValidity();
      assertThat(leaf.getBasicConstraints()).as(stem + " is no CA").isEqualTo(-1);
      assertThat(
              leaf.getSubjectAlternativeNames().stream().map(name -> (Object) name.get(1)).toList())
          .containsExactlyInAnyOrder("127.0.0.1", "localhost");
      assertThat(Files.readString(dir.resolve(stem + ".key"))).startsWith("-----BEGIN PRIVATE KEY");
    }
    assertThat(read(pki.certificate("peer-1")).getSubjectX500Principal().getName())
        .isEqualTo("CN=peer-1,O=qkdchain");
    assertThat(read(dir.resolve("kme.crt")).getExtendedKeyUsage())
        .containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(ca.getBasicConstraints()).isNotNegative();
  }

  @Test
  void an_sae_without_a_certificate_gets_one_on_first_use() throws Exception {
    CertificateDirectory pki = CertificateDirectory.create(dir, List.of());
    assertThat(dir.resolve("peer-9.crt")).doesNotExist();

    Path certificate = pki.certificate("peer-9");

    assertThat(read(certificate).getSubjectX500Principal().getName()).contains("CN=peer-9");
    assertThat(pki.privateKey("peer-9")).exists();
  }

  @Test
  void two_saes_complete_a_mutual_tls_handshake_and_a_stranger_ca_is_refused() throws Exception {
    CertificateDirectory pki = CertificateDirectory.create(dir, List.of("peer-1", "peer-2"));
    CertificateDirectory stranger = CertificateDirectory.create(dir.resolve("other"), List.of());

    assertThat(handshake(pki, pki.sslContext("peer-2"))).isEqualTo("CN=peer-2,O=qkdchain");
    assertThatThrownBy(() -> handshake(pki, stranger.sslContext("peer-2")))
        .hasCauseInstanceOf(SSLException.class);
  }

  /** Serves one TLS connection as peer-1 requiring a client certificate; returns the client's. */
  private static String handshake(CertificateDirectory pki, javax.net.ssl.SSLContext client)
      throws Exception {
    try (SSLServerSocket server =
        (SSLServerSocket)
            pki.sslContext("peer-1")
                .getServerSocketFactory()
                .createServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      server.setNeedClientAuth(true);
      server.setSoTimeout(10_000);
      CompletableFuture<String> seen =
          CompletableFuture.supplyAsync(
              () -> {
                try (SSLSocket accepted = (SSLSocket) server.accept()) {
                  accepted.startHandshake();
                  accepted.getOutputStream().write(1);
                  return ((X509Certificate) accepted.getSession().getPeerCertificates()[0])
                      .getSubjectX500Principal()
                      .getName();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      try (SSLSocket socket =
          (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", server.getLocalPort())) {
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        assertThat(socket.getInputStream().read()).isEqualTo(1);
      } catch (SSLException e) {
        seen.cancel(true);
        throw new IllegalStateException(e);
      }
      return seen.get(10, TimeUnit.SECONDS);
    }
  }

  private static X509Certificate read(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
