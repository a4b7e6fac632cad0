package io.qkdchain.bench.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How to reach the QKD simulator's statistics. A simulator in mutual-TLS mode wants a client
 * certificate on every call, the statistics included, so any peer's PKCS#12 from
 * scripts/make-certs.sh does.
 *
 * @param baseUrl e.g. {@code https://127.0.0.1:8443}
 * @param keystore PKCS#12 with a client key and certificate, or null for plain HTTP
 * @param truststore PKCS#12 trust store holding the simulator's CA, or null for the JDK's
 */
public record SimulatorAccess(URI baseUrl, Path keystore, Path truststore, String storePassword) {

  @Override
  public String toString() {
    return "SimulatorAccess[" + baseUrl + ", keystore=" + keystore + "]";
  }

  SSLContext sslContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      KeyManagerFactory keys = null;
      if (keystore != null) {
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(keystore), storePassword.toCharArray());
      }
      TrustManagerFactory trust = null;
      if (truststore != null) {
        trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(truststore));
      }
      context.init(
          keys == null ? null : keys.getKeyManagers(),
          trust == null ? null : trust.getTrustManagers(),
          null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          "cannot use the simulator's key or trust store (" + keystore + ", " + truststore + ")",
          e);
    }
  }

  private KeyStore load(Path file) throws GeneralSecurityException, IOException {
    if (!Files.isReadable(file)) {
      throw new IOException(file + " is not a readable file");
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, storePassword.toCharArray());
    }
    return store;
  }
}
