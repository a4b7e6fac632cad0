package io.qkdchain.etsi014;

import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
 * Turns a {@link TlsConfig} into the client side of a TLS context: the client's key and chain (from
 * PEM or PKCS#12) and the CAs it trusts. PEM is read with Bouncy Castle so that PKCS#1, SEC1 and
 * PKCS#8 keys, encrypted or not, all load the same way.
 */
final class ClientTls {

  // A private instance: registering Bouncy Castle JVM-wide would change other code's providers.
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

  private ClientTls() {}

  static void configure(SslContextBuilder builder, TlsConfig tls) {
    if (tls.certificateChainPem() != null) {
      builder.keyManager(
          readPrivateKey(tls.privateKeyPem(), tls.privateKeyPassword()),
          readCertificates(tls.certificateChainPem()).toArray(X509Certificate[]::new));
    } else if (tls.pkcs12() != null) {
      configurePkcs12(builder, tls.pkcs12(), tls.pkcs12Password());
    }
    if (tls.trustedCaPem() != null) {
      builder.trustManager(readCertificates(tls.trustedCaPem()).toArray(X509Certificate[]::new));
    }
  }

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

  private static void configurePkcs12(SslContextBuilder builder, Path file, char[] password) {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias)) {
          PrivateKey key = (PrivateKey) store.getKey(alias, password);
          Certificate[] chain = store.getCertificateChain(alias);
          builder.keyManager(
              key,
              Arrays.stream(chain)
                  .map(X509Certificate.class::cast)
                  .toArray(X509Certificate[]::new));
          return;
        }
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read PKCS#12 " + file + ": " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("no private key entry in PKCS#12 " + file);
  }
}
