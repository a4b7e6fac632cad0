package io.qkdchain.etsi014;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * PEM through Bouncy Castle: PKCS#1, SEC1 and PKCS#8 keys, encrypted or not, and certificates mixed
 * with other blocks. {@link ClientTls} comes here only for what {@link JdkPem} does not read, so a
 * peer whose files are plain certificates and PKCS#8 keys never loads Bouncy Castle.
 */
final class BouncyCastlePem {

  // A private instance: registering Bouncy Castle JVM-wide would change other code's providers.
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

  private BouncyCastlePem() {}

  static List<X509Certificate> readCertificates(Path pem) {
    List<X509Certificate> certificates = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter().setProvider(BC);
    try (PEMParser parser = new PEMParser(Files.newBufferedReader(pem))) {
      for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
        if (item instanceof X509CertificateHolder holder) {
          certificates.add(converter.getCertificate(holder));
        }
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot read certificates from " + pem + ": " + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("no certificate in " + pem);
    }
    return certificates;
  }

  static PrivateKey readPrivateKey(Path pem, char[] password) {
    Object item;
    try (Reader reader = Files.newBufferedReader(pem);
        PEMParser parser = new PEMParser(reader)) {
      item = parser.readObject();
      while (item instanceof X509CertificateHolder) {
        item = parser.readObject();
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read private key " + pem + ": " + e.getMessage(), e);
    }
    try {
      return toPrivateKey(item, password, pem);
    } catch (IOException | OperatorCreationException | PKCSException e) {
      throw new IllegalArgumentException(
          "cannot decode private key " + pem + " (wrong password?): " + e.getMessage(), e);
    }
  }

  private static PrivateKey toPrivateKey(Object item, char[] password, Path pem)
      throws IOException, OperatorCreationException, PKCSException {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BC);
    if (item instanceof PEMKeyPair pair) {
      return converter.getPrivateKey(pair.getPrivateKeyInfo());
    }
    if (item instanceof PrivateKeyInfo info) {
      return converter.getPrivateKey(info);
    }
    if (item instanceof PEMEncryptedKeyPair encrypted) {
      requirePassword(password, pem);
      PEMKeyPair pair =
          encrypted.decryptKeyPair(
              new JcePEMDecryptorProviderBuilder().setProvider(BC).build(password));
      return converter.getPrivateKey(pair.getPrivateKeyInfo());
    }
    if (item instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
      requirePassword(password, pem);
      PrivateKeyInfo info =
          encrypted.decryptPrivateKeyInfo(
              new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(password));
      return converter.getPrivateKey(info);
    }
    throw new IllegalArgumentException("no private key in " + pem);
  }

  private static void requirePassword(char[] password, Path pem) {
    if (password == null) {
      throw new IllegalArgumentException(
          "private key " + pem + " is encrypted: tls.privateKeyPassword is required");
    }
  }
}
