package io.qkdchain.etsi014;

import java.nio.file.Path;

/**
 * Where the TLS material for one KME lives. The client identifies itself either by a PEM
 * certificate chain and private key, or by a PKCS#12 file; with neither it still verifies the
 * server but presents no certificate (a KME requiring mutual TLS will refuse it).
 *
 * @param certificateChainPem client certificate first, then any intermediates (PEM)
 * @param privateKeyPem the client's private key: PKCS#1 ({@code RSA PRIVATE KEY}), SEC1 ({@code EC
 *     PRIVATE KEY}) or PKCS#8 ({@code PRIVATE KEY} / {@code ENCRYPTED PRIVATE KEY})
 * @param privateKeyPassword password of an encrypted private key, else null
 * @param pkcs12 a PKCS#12 file holding the client key and chain, instead of the two PEM files
 * @param pkcs12Password password of the PKCS#12 file
 * @param trustedCaPem CA certificates (PEM) that sign the KME's certificate; null trusts the JVM
 *     default CAs
 */
public record TlsConfig(
    Path certificateChainPem,
    Path privateKeyPem,
    char[] privateKeyPassword,
    Path pkcs12,
    char[] pkcs12Password,
    Path trustedCaPem) {

  public TlsConfig {
    boolean pem = certificateChainPem != null || privateKeyPem != null;
    if (pem && (certificateChainPem == null || privateKeyPem == null)) {
      throw new IllegalArgumentException(
          "tls.certificateChainPem and tls.privateKeyPem must be given together");
    }
    if (pem && pkcs12 != null) {
      throw new IllegalArgumentException("tls: give either PEM files or tls.pkcs12, not both");
    }
    if (pkcs12 != null && pkcs12Password == null) {
      throw new IllegalArgumentException("tls.pkcs12Password is required with tls.pkcs12");
    }
  }

  /** Client identity from a PEM certificate chain and an unencrypted PEM private key. */
  public static TlsConfig pem(Path certificateChain, Path privateKey, Path trustedCa) {
    return new TlsConfig(certificateChain, privateKey, null, null, null, trustedCa);
  }

  /** Client identity from a PEM certificate chain and an encrypted PEM private key. */
  public static TlsConfig pem(
      Path certificateChain, Path privateKey, char[] password, Path trustedCa) {
    return new TlsConfig(certificateChain, privateKey, password, null, null, trustedCa);
  }

  /** Client identity from a PKCS#12 file. */
  public static TlsConfig pkcs12(Path keyStore, char[] password, Path trustedCa) {
    return new TlsConfig(null, null, null, keyStore, password, trustedCa);
  }

  /** No client certificate: only the server is authenticated. */
  public static TlsConfig serverOnly(Path trustedCa) {
    return new TlsConfig(null, null, null, null, null, trustedCa);
  }

  boolean hasClientIdentity() {
    return certificateChainPem != null || pkcs12 != null;
  }

  @Override
  public String toString() {
    return "TlsConfig[certificateChainPem=%s, privateKeyPem=%s, pkcs12=%s, trustedCaPem=%s]"
        .formatted(certificateChainPem, privateKeyPem, pkcs12, trustedCaPem);
  }
}
