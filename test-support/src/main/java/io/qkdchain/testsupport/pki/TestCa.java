package io.qkdchain.testsupport.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made in memory for a test: EC P-256 keys, SHA256withECDSA signatures,
 * certificates valid from five minutes ago (clock skew) for two days. Subjects are {@code
 * O=qkdchain,CN=<name>}, as {@code scripts/make-certs.sh} names them.
 */
public final class TestCa {

  /** The names a loopback server or client is reached by. */
  public static final List<String> LOOPBACK = List.of("127.0.0.1", "localhost");

  private final KeyPair keys;
  private final X509Certificate certificate;
  private final AtomicLong serials = new AtomicLong(1);

  private TestCa(String commonName) {
    this.keys = ecKeys();
    X500Name name = name(commonName);
    X509v3CertificateBuilder builder = builder(name, name, keys.getPublic());
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } catch (CertIOException e) {
      throw new IllegalStateException("cannot make the CA certificate", e);
    }
    this.certificate = sign(builder);
  }

  /** A new CA with a self-signed certificate named {@code commonName}. */
  public static TestCa create(String commonName) {
    return new TestCa(commonName);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * Issues an end-entity certificate for fresh EC keys, with the given purposes (server and/or
   * client authentication) and the loopback names as subject alternative names.
   */
  public Issued issue(String commonName, KeyPurposeId... purposes) {
    return issue(commonName, ecKeys(), LOOPBACK, purposes);
  }

  /**
   * Issues an end-entity certificate for {@code keys}; {@code names} become subject alternative
   * names (IP addresses where they are dotted digits, DNS names otherwise; none when empty).
   */
  public Issued issue(
      String commonName, KeyPair keys, List<String> names, KeyPurposeId... purposes) {
    X509v3CertificateBuilder leaf =
        builder(
            X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
            name(commonName),
            keys.getPublic());
    try {
      leaf.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      leaf.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(
              KeyUsage.digitalSignature | KeyUsage.keyAgreement | KeyUsage.keyEncipherment));
      leaf.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
      if (!names.isEmpty()) {
        leaf.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(names.stream().map(TestCa::generalName).toArray(GeneralName[]::new)));
      }
    } catch (CertIOException e) {
      throw new IllegalStateException("cannot issue a certificate for " + commonName, e);
    }
    return new Issued(sign(leaf), keys, certificate);
  }

  /** Fresh EC P-256 keys. */
  public static KeyPair ecKeys() {
    return generate("EC", generator -> generator.initialize(new ECGenParameterSpec("secp256r1")));
  }

  /** Fresh 2048-bit RSA keys, for tests of RSA-only key formats such as PKCS#1. */
  public static KeyPair rsaKeys() {
    return generate("RSA", generator -> generator.initialize(2048));
  }

  private interface Initializer {
    void initialize(KeyPairGenerator generator) throws GeneralSecurityException;
  }

  private static KeyPair generate(String algorithm, Initializer initializer) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      initializer.initialize(generator);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make " + algorithm + " keys", e);
    }
  }

  private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        BigInteger.valueOf(serials.getAndIncrement()),
        Date.from(now.minus(Duration.ofMinutes(5))),
        Date.from(now.plus(Duration.ofDays(2))),
        subject,
        key);
  }

  private X509Certificate sign(X509v3CertificateBuilder builder) {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA")
                      .setSecureRandom(new SecureRandom())
                      .build(keys.getPrivate())));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot sign a certificate", e);
    }
  }

  private static X500Name name(String commonName) {
    return new X500Name("O=qkdchain,CN=" + commonName);
  }

  private static GeneralName generalName(String name) {
    boolean ip = name.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    return new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name);
  }
}
