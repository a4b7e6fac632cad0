package io.qkdchain.testsupport.pki;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** Writes certificates and keys in the file formats deployments use. */
public final class PkiFiles {

  private PkiFiles() {}

  /**
   * Writes PEM: certificates, keys, or Bouncy Castle PEM objects and generators, in order.
   *
   * @return {@code file}
   */
  public static Path pem(Path file, Object... objects) {
    try (Writer writer = Files.newBufferedWriter(file);
        JcaPEMWriter pem = new JcaPEMWriter(writer)) {
      for (Object object : objects) {
        pem.writeObject(object);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a private key as unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
  public static Path pkcs8(Path file, PrivateKey key) {
    try {
      return pem(file, new JcaPKCS8Generator(key, null));
    } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
      throw new IllegalStateException("cannot encode the key for " + file, e);
    }
  }

  /** Writes a PKCS#12 key store holding {@code key} with {@code chain} under the alias "key". */
  public static Path keyStore(Path file, char[] password, PrivateKey key, Certificate... chain) {
    return store(file, password, store -> store.setKeyEntry("key", key, password, chain));
  }

  /** Writes a PKCS#12 trust store holding {@code trusted} under the alias "ca". */
  public static Path trustStore(Path file, char[] password, Certificate trusted) {
    return store(file, password, store -> store.setCertificateEntry("ca", trusted));
  }

  private interface Filler {
    void fill(KeyStore store) throws GeneralSecurityException;
  }

  private static Path store(Path file, char[] password, Filler filler) {
    try (OutputStream out = Files.newOutputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, password);
      filler.fill(store);
      store.store(out, password);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot write the key store " + file, e);
    }
  }
}
