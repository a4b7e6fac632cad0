package io.qkdchain.peer.cluster;

import java.io.IOException;
import java.io.InputStream;
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
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
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
 * A throw-away PKI laid out as {@code scripts/make-certs.sh} lays it out ({@code ca.crt}, {@code
 * kme.crt}/{@code kme.key}, {@code <SAE>.crt}/{@code <SAE>.key}, PEM, EC P-256, SAN
 * 127.0.0.1/localhost), made with Bouncy Castle so the tests need no openssl.
 */
record ClusterPki(Path dir) {

  /** Writes a CA, the simulator's server certificate and one client certificate per SAE ID. */
  static ClusterPki create(Path dir, List<String> saeIds) {
    try {
      Files.createDirectories(dir);
      new Issuer(dir).issueAll(saeIds);
      return new ClusterPki(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make the test PKI in " + dir, e);
    }
  }

  Path caCertificate() {
    return dir.resolve("ca.crt");
  }

  Path certificate(String saeId) {
    return dir.resolve(saeId + ".crt");
  }

  Path privateKey(String saeId) {
    return dir.resolve(saeId + ".key");
  }

  /** TLS that trusts the test CA and presents no certificate, as the QRNG's clients connect. */
  SSLContext trustingCa() {
    try (InputStream in = Files.newInputStream(caCertificate())) {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory trustManagers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust " + caCertificate(), e);
    }
  }

  private static final class Issuer {

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final AtomicLong serials = new AtomicLong(1);

    Issuer(Path dir) throws GeneralSecurityException, OperatorCreationException, IOException {
      this.dir = dir;
      this.caKeys = newKeyPair();
      X500Name name = new X500Name("O=qkdchain,CN=cluster test CA");
      X509v3CertificateBuilder builder = builder(name, name, caKeys);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      this.ca = sign(builder);
      writePem(dir.resolve("ca.crt"), ca);
    }

    void issueAll(List<String> saeIds)
        throws GeneralSecurityException, OperatorCreationException, IOException {
      issue("kme", "qkd-simulator", KeyPurposeId.id_kp_serverAuth);
      for (String saeId : saeIds) {
        // Both purposes, as make-certs.sh does, so peers could reuse them between each other.
        issue(saeId, saeId, KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
      }
    }

    private void issue(String stem, String commonName, KeyPurposeId... purposes)
        throws GeneralSecurityException, OperatorCreationException, IOException {
      KeyPair keys = newKeyPair();
      X509v3CertificateBuilder leaf =
          builder(
              X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
              new X500Name("O=qkdchain,CN=" + commonName),
              keys);
      leaf.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      leaf.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
      leaf.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
      leaf.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")
              }));
      writePem(dir.resolve(stem + ".crt"), sign(leaf));
      writePem(dir.resolve(stem + ".key"), new JcaPKCS8Generator(keys.getPrivate(), null));
    }

    private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
      Instant now = Instant.now();
      return new JcaX509v3CertificateBuilder(
          issuer,
          BigInteger.valueOf(serials.getAndIncrement()),
          Date.from(now.minus(Duration.ofMinutes(5))),
          Date.from(now.plus(Duration.ofDays(1))),
          subject,
          keys.getPublic());
    }

    private X509Certificate sign(X509v3CertificateBuilder builder)
        throws GeneralSecurityException, OperatorCreationException {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      return generator.generateKeyPair();
    }

    private static void writePem(Path file, Object object) throws IOException {
      try (Writer out = Files.newBufferedWriter(file);
          JcaPEMWriter pem = new JcaPEMWriter(out)) {
        pem.writeObject(object);
      }
    }
  }
}
