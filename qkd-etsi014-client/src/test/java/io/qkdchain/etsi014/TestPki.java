package io.qkdchain.etsi014;

import io.qkdchain.testsupport.pki.Issued;
import io.qkdchain.testsupport.pki.PkiFiles;
import io.qkdchain.testsupport.pki.TestCa;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A throw-away PKI for the mutual TLS tests: a CA, a KME server certificate and a peer's client
 * certificate (RSA, so that it can be written as PKCS#1 too), written to a directory in every
 * format a deployment might use.
 */
final class TestPki {

  static final char[] PASSWORD = "changeit".toCharArray();

  final Path caPem;
  final Path clientChainPem;
  final Path clientPkcs1Pem;
  final Path clientPkcs8Pem;
  final Path clientEncryptedPkcs8Pem;
  final Path clientPkcs12;
  final Path serverKeyStore;
  final Path serverTrustStore;
  final Path strangerCaPem;

  private TestPki(Path dir, List<String> serverNames) throws Exception {
    TestCa ca = TestCa.create("qkdchain test CA");
    Issued server = ca.issue("kme", TestCa.ecKeys(), serverNames, KeyPurposeId.id_kp_serverAuth);
    Issued client = ca.issue("peer-1", TestCa.rsaKeys(), List.of(), KeyPurposeId.id_kp_clientAuth);
    PrivateKey clientKey = client.keys().getPrivate();

    caPem = PkiFiles.pem(dir.resolve("ca.pem"), ca.certificate());
    clientChainPem = PkiFiles.pem(dir.resolve("client-chain.pem"), (Object[]) client.chain());
    clientPkcs1Pem =
        PkiFiles.pem(
            dir.resolve("client-pkcs1.pem"),
            new PemObject(
                "RSA PRIVATE KEY",
                PrivateKeyInfo.getInstance(clientKey.getEncoded())
                    .parsePrivateKey()
                    .toASN1Primitive()
                    .getEncoded()));
    clientPkcs8Pem = PkiFiles.pkcs8(dir.resolve("client-pkcs8.pem"), clientKey);
    clientEncryptedPkcs8Pem =
        PkiFiles.pem(
            dir.resolve("client-pkcs8-encrypted.pem"),
            new JcaPKCS8Generator(
                clientKey,
                new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                    .setProvider(new BouncyCastleProvider())
                    .setPassword(PASSWORD)
                    .build()));
    clientPkcs12 =
        PkiFiles.keyStore(dir.resolve("client.p12"), PASSWORD, clientKey, client.chain());
    serverKeyStore =
        PkiFiles.keyStore(
            dir.resolve("server.p12"), PASSWORD, server.keys().getPrivate(), server.chain());
    serverTrustStore = PkiFiles.trustStore(dir.resolve("trust.p12"), PASSWORD, ca.certificate());
    strangerCaPem =
        PkiFiles.pem(dir.resolve("stranger-ca.pem"), TestCa.create("some other CA").certificate());
  }

  /** A PKI whose server certificate names 127.0.0.1 and localhost. */
  static TestPki create(Path dir) throws Exception {
    return new TestPki(dir, TestCa.LOOPBACK);
  }

  /** A PKI whose server certificate names only the given hosts. */
  static TestPki createForServerNames(Path dir, String... names) throws Exception {
    return new TestPki(dir, List.of(names));
  }
}
