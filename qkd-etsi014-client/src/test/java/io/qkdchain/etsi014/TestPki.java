package io.qkdchain.etsi014;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
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
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A throwaway PKI for the mutual TLS tests: a CA, a KME server certificate and a peer's client
 * certificate, written to a directory in the formats a deployment might use.
 */
final class TestPki {

  static final char[] PASSWORD = "changeit".toCharArray();
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  final Path caPem;
  final Path clientChainPem;
  final Path clientPkcs1Pem;
  final Path clientPkcs8Pem;
  final Path clientEncryptedPkcs8Pem;
  final Path clientPkcs12;
  final Path serverKeyStore;
  final Path serverTrustStore;
  final Path strangerCaPem;

  private TestPki(Path dir, String... serverNames) throws Exception {
    KeyPair caKeys = ec();
    X500Name caName = new X500Name("CN=qkdchain test CA");
    X509Certificate ca = sign(caName, caKeys, caName, caKeys.getPublic(), true, null, null);

    KeyPair serverKeys = ec();
    X509Certificate server =
        sign(
            caName,
            caKeys,
            new X500Name("CN=kme"),
            serverKeys.getPublic(),
            false,
            KeyPurposeId.id_kp_serverAuth,
            serverNames);

    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    KeyPair clientKeys = rsa.generateKeyPair();
    X509Certificate client =
        sign(
            caName,
            caKeys,
            new X500Name("CN=peer-1"),
            clientKeys.getPublic(),
            false,
            KeyPurposeId.id_kp_clientAuth,
            null);

    caPem = writePem(dir.resolve("ca.pem"), ca);
    clientChainPem = writePem(dir.resolve("client-chain.pem"), client, ca);
    clientPkcs1Pem = dir.resolve("client-pkcs1.pem");
    writePemObject(
        clientPkcs1Pem,
        new PemObject(
            "RSA PRIVATE KEY",
            PrivateKeyInfo.getInstance(clientKeys.getPrivate().getEncoded())
                .parsePrivateKey()
                .toASN1Primitive()
                .getEncoded()));
    clientPkcs8Pem = dir.resolve("client-pkcs8.pem");
    writePemObject(clientPkcs8Pem, new JcaPKCS8Generator(clientKeys.getPrivate(), null).generate());
    clientEncryptedPkcs8Pem = dir.resolve("client-pkcs8-encrypted.pem");
    writePemObject(
        clientEncryptedPkcs8Pem,
        new JcaPKCS8Generator(
                clientKeys.getPrivate(),
                new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                    .setProvider(new BouncyCastleProvider())
                    .setPassword(PASSWORD)
                    .build())
            .generate());
    clientPkcs12 = writeKeyStore(dir.resolve("client.p12"), clientKeys.getPrivate(), client, ca);
    serverKeyStore = writeKeyStore(dir.resolve("server.p12"), serverKeys.getPrivate(), server, ca);

    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, PASSWORD);
    trust.setCertificateEntry("ca", ca);
    serverTrustStore = dir.resolve("trust.p12");
    try (OutputStream out = Files.newOutputStream(serverTrustStore)) {
      trust.store(out, PASSWORD);
    }

    KeyPair strangerKeys = ec();
    X500Name strangerName = new X500Name("CN=some other CA");
    strangerCaPem =
        writePem(
            dir.resolve("stranger-ca.pem"),
            sign(
                strangerName,
                strangerKeys,
                strangerName,
                strangerKeys.getPublic(),
                true,
                null,
                null));
  }

  /** A PKI whose server certificate names 127.0.0.1 and localhost. */
  static TestPki create(Path dir) throws Exception {
    return new TestPki(dir, "127.0.0.1", "localhost");
  }

  /** A PKI whose server certificate names only the given hosts. */
  static TestPki createForServerNames(Path dir, String... names) throws Exception {
    return new TestPki(dir, names);
  }

  private static KeyPair ec() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static X509Certificate sign(
      X500Name issuer,
      KeyPair issuerKeys,
      X500Name subject,
      java.security.PublicKey subjectKey,
      boolean isCa,
      KeyPurposeId purpose,
      String[] names)
      throws IOException, OperatorCreationException, GeneralSecurityException {
    Instant now = Instant.now();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuer,
            BigInteger.valueOf(SERIAL.incrementAndGet()),
            Date.from(now.minus(Duration.ofMinutes(5))),
            Date.from(now.plus(Duration.ofDays(1))),
            subject,
            subjectKey);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    if (isCa) {
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } else {
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
    }
    if (names != null) {
      GeneralName[] altNames = new GeneralName[names.length];
      for (int i = 0; i < names.length; i++) {
        boolean ip = names[i].chars().allMatch(c -> Character.isDigit(c) || c == '.');
        altNames[i] = new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, names[i]);
      }
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altNames));
    }
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
  }

  private static Path writePem(Path file, Object... objects) throws IOException {
    try (Writer writer = Files.newBufferedWriter(file);
        JcaPEMWriter pem = new JcaPEMWriter(writer)) {
      for (Object object : objects) {
        pem.writeObject(object);
      }
    }
    return file;
  }

  private static void writePemObject(Path file, PemObject object) throws IOException {
    try (Writer writer = Files.newBufferedWriter(file);
        JcaPEMWriter pem = new JcaPEMWriter(writer)) {
      pem.writeObject(object);
    }
  }

  private static Path writeKeyStore(Path file, PrivateKey key, Certificate... chain)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, PASSWORD);
    store.setKeyEntry("key", key, PASSWORD, chain);
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, PASSWORD);
    }
    return file;
  }
}
