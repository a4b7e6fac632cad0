package io.qkdchain.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI made in Java, laid out as {@code scripts/make-certs.sh} lays it out ({@code
 * ca.crt}, {@code kme.crt}/{@code kme.key}, {@code <SAE>.crt}/{@code <SAE>.key}), so tests need no
 * openssl. One per test JVM; SAE certificates are issued on first use.
 */
public final class TestPki {

  private static final TestPki SHARED = create();
  private static final char[] STORE_PASSWORD = "changeit".toCharArray();

  private final Path dir;
  private final KeyPair caKeys;
  private final X509Certificate caCertificate;
  private final Map<String, KeyPair> saeKeys = new ConcurrentHashMap<>();
  private final Map<String, X509Certificate> saeCertificates = new ConcurrentHashMap<>();
  private final AtomicLong serials = new AtomicLong(1);

  private TestPki(Path dir) throws GeneralSecurityException, OperatorCreationException {
    this.dir = dir;
    this.caKeys = newKeyPair();
    X500Name caName = new X500Name("O=qkdchain,CN=test CA");
    X509v3CertificateBuilder ca = builder(caName, caName, caKeys);
    try {
      ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      ca.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.caCertificate = sign(ca, caKeys);
  }

  public static TestPki shared() {
    return SHARED;
  }

  private static TestPki create() {
    try {
      Path dir = Files.createTempDirectory("qkd-simulator-pki");
      dir.toFile().deleteOnExit();
      TestPki pki = new TestPki(dir);
      pki.writePem(dir.resolve("ca.crt"), pki.caCertificate);
      pki.issue("kme", "qkd-simulator", KeyPurposeId.id_kp_serverAuth);
      return pki;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make the test PKI", e);
    }
  }

  /** The directory to give as {@code sim.tls-dir}. */
  public Path dir() {
    return dir;
  }

  public Path caCertificate() {
    return dir.resolve("ca.crt");
  }

  /** The PEM certificate of an SAE (CN = its ID), issued now if it has none yet. */
  public Path certificate(String saeId) {
    ensureSae(saeId);
    return dir.resolve(saeId + ".crt");
  }

  public Path privateKey(String saeId) {
    ensureSae(saeId);
    return dir.resolve(saeId + ".key");
  }

  /** A TLS context presenting the SAE's certificate and trusting the test CA. */
  public SSLContext sslContext(String saeId) {
    ensureSae(saeId);
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry(
          saeId,
          saeKeys.get(saeId).getPrivate(),
          STORE_PASSWORD,
          new Certificate[] {saeCertificates.get(saeId), caCertificate});
      KeyManagerFactory keyManagers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, STORE_PASSWORD);
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", caCertificate);
      TrustManagerFactory trustManagers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a TLS context for " + saeId, e);
    }
  }

  private synchronized void ensureSae(String saeId) {
    if (saeCertificates.containsKey(saeId)) {
      return;
    }
    try {
      issue(saeId, saeId, KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot issue a certificate for " + saeId, e);
    }
  }

  private void issue(String stem, String commonName, KeyPurposeId... purposes)
      throws IOException, GeneralSecurityException, OperatorCreationException {
    KeyPair keys = newKeyPair();
    X509v3CertificateBuilder leaf =
        builder(
            X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded()),
            new X500Name("O=qkdchain,CN=" + commonName),
            keys);
    leaf.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    leaf.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
    leaf.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
    leaf.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.dNSName, "localhost")
            }));
    X509Certificate certificate = sign(leaf, caKeys);
    writePem(dir.resolve(stem + ".crt"), certificate);
    writePem(dir.resolve(stem + ".key"), new JcaPKCS8Generator(keys.getPrivate(), null));
    saeKeys.put(stem, keys);
    saeCertificates.put(stem, certificate);
  }

  private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        BigInteger.valueOf(serials.getAndIncrement()),
        Date.from(now.minus(Duration.ofMinutes(5))),
        Date.from(now.plus(Duration.ofDays(2))),
        subject,
        keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
      throws GeneralSecurityException, OperatorCreationException {
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    return generator.generateKeyPair();
  }

  private void writePem(Path file, Object object) throws IOException {
    try (Writer out = Files.newBufferedWriter(file);
        JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(object);
    }
    file.toFile().deleteOnExit();
  }
}
