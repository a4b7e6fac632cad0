package io.qkdchain.etsi014;

import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Turns a {@link TlsConfig} into the client side of a TLS context: the client's key and chain (from
 * PEM or PKCS#12) and the CAs it trusts. Certificates and unencrypted PKCS#8 keys are read by the
 * JDK ({@link JdkPem}), everything else by Bouncy Castle ({@link BouncyCastlePem}), so PKCS#1, SEC1
 * and PKCS#8 keys, encrypted or not, all load.
 */
final class ClientTls {

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
    List<X509Certificate> certificates =
        JdkPem.certificates(JdkPem.blocks(read(pem))).orElse(List.of());
    return certificates.isEmpty() ? BouncyCastlePem.readCertificates(pem) : certificates;
  }

  static PrivateKey readPrivateKey(Path pem, char[] password) {
    return JdkPem.pkcs8Key(JdkPem.blocks(read(pem)))
        .orElseGet(() -> BouncyCastlePem.readPrivateKey(pem, password));
  }

  private static String read(Path pem) {
    try {
      return Files.readString(pem, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + pem + ": " + e.getMessage(), e);
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
