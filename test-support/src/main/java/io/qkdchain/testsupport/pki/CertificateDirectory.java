package io.qkdchain.testsupport.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x509.KeyPurposeId;

/**
 * A throw-away PKI laid out as {@code scripts/make-certs.sh} lays it out, so tests need no openssl:
 * {@code ca.crt}, the simulator's {@code kme.crt}/{@code kme.key} (CN qkd-simulator), and one
 * {@code <SAE>.crt}/{@code <SAE>.key} per SAE ID (CN = the ID, server and client purposes), all PEM
 * with EC P-256 keys and the loopback names. An SAE without a certificate gets one on first use.
 */
public final class CertificateDirectory {

  private final Path dir;
  private final TestCa ca;
  private final Map<String, Issued> saes = new ConcurrentHashMap<>();

  private CertificateDirectory(Path dir) {
    this.dir = dir;
    this.ca = TestCa.create("test CA");
    PkiFiles.pem(caCertificate(), ca.certificate());
    write("kme", ca.issue("qkd-simulator", KeyPurposeId.id_kp_serverAuth));
  }

  /**
   * Writes the CA, the simulator's server certificate and a certificate per SAE into {@code dir}.
   */
  public static CertificateDirectory create(Path dir, List<String> saeIds) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CertificateDirectory pki = new CertificateDirectory(dir);
    saeIds.forEach(pki::sae);
    return pki;
  }

  /** The directory to give the simulator as {@code sim.tls-dir}. */
  public Path dir() {
    return dir;
  }

  public Path caCertificate() {
    return dir.resolve("ca.crt");
  }

  /** The PEM certificate of an SAE, issued now if it has none yet. */
  public Path certificate(String saeId) {
    sae(saeId);
    return dir.resolve(saeId + ".crt");
  }

  /** The PEM (PKCS#8) private key of an SAE, issued now if it has none yet. */
  public Path privateKey(String saeId) {
    sae(saeId);
    return dir.resolve(saeId + ".key");
  }

  /** TLS that presents the SAE's certificate and trusts the test CA. */
  public SSLContext sslContext(String saeId) {
    return sae(saeId).sslContext(ca.certificate());
  }

  /** TLS that trusts the test CA and presents no certificate, as the QRNG's clients connect. */
  public SSLContext trustingCa() {
    return Tls.trusting(ca.certificate());
  }

  private Issued sae(String saeId) {
    return saes.computeIfAbsent(
        saeId,
        id ->
            write(
                id,
                // Both purposes, as make-certs.sh issues them, so peers could reuse them between
                // each other.
                ca.issue(id, KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth)));
  }

  private Issued write(String stem, Issued issued) {
    PkiFiles.pem(dir.resolve(stem + ".crt"), issued.certificate());
    PkiFiles.pkcs8(dir.resolve(stem + ".key"), issued.keys().getPrivate());
    return issued;
  }
}
