package io.qkdchain.testsupport.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** An end-entity certificate, its keys and the certificate of the CA that issued it. */
public record Issued(X509Certificate certificate, KeyPair keys, X509Certificate issuer) {

  /** The certificate followed by its issuer's, as a TLS peer presents them. */
  public Certificate[] chain() {
    return new Certificate[] {certificate, issuer};
  }

  /** TLS that presents this certificate and trusts only {@code trusted}. */
  public SSLContext sslContext(X509Certificate trusted) {
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      char[] password = new char[0];
      keys.setKeyEntry("key", this.keys.getPrivate(), password, chain());
      KeyManagerFactory keyManagers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, password);
      return Tls.context(keyManagers.getKeyManagers(), trusted);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build a TLS context for " + certificate, e);
    }
  }
}
