package io.qkdchain.etsi014;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PEM encodings the JDK reads on its own: X.509 certificates and unencrypted PKCS#8 private
 * keys (what {@code scripts/make-certs.sh} and OpenSSL 3 write). {@link ClientTls} tries these
 * first and hands anything else (PKCS#1, SEC1, encrypted keys) to Bouncy Castle. The reason is
 * start-up time: the first use of Bouncy Castle's provider loads some thousand classes from a
 * signed jar, each checked against the jar's signature, about a second of a peer's start on the
 * 2-core machine (docs/performance.md, tenth session).
 */
final class JdkPem {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

  // Tried in order on a PKCS#8 key; the first factory that accepts the encoding wins.
  private static final List<String> KEY_ALGORITHMS =
      List.of("EC", "RSA", "Ed25519", "Ed448", "RSASSA-PSS", "DSA");

  private JdkPem() {}

  /** One PEM block: its label ({@code CERTIFICATE}, {@code PRIVATE KEY}, ...) and DER bytes. */
  record Block(String label, byte[] der) {}

  /**
   * The blocks of {@code text} in order; empty if it holds none, or a block whose Base64 the JDK
   * cannot decode (the caller then falls back to Bouncy Castle and its error messages).
   */
  static List<Block> blocks(String text) {
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      try {
        blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
      } catch (IllegalArgumentException e) {
        return List.of();
      }
    }
    return blocks;
  }

  /** The certificates among {@code blocks}, in order; empty if any of them does not parse. */
  static Optional<List<X509Certificate>> certificates(List<Block> blocks) {
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (Block block : blocks) {
        if (block.label().equals("CERTIFICATE")) {
          certificates.add(
              (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
        }
      }
    } catch (GeneralSecurityException | ClassCastException e) {
      return Optional.empty();
    }
    return Optional.of(certificates);
  }

  /**
   * The private key of {@code blocks} when the first block that is not a certificate is an
   * unencrypted PKCS#8 key of an algorithm the JDK knows; empty otherwise.
   */
  static Optional<PrivateKey> pkcs8Key(List<Block> blocks) {
    Block key =
        blocks.stream().filter(b -> !b.label().equals("CERTIFICATE")).findFirst().orElse(null);
    if (key == null || !key.label().equals("PRIVATE KEY")) {
      return Optional.empty();
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(key.der());
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return Optional.of(KeyFactory.getInstance(algorithm).generatePrivate(spec));
      } catch (GeneralSecurityException e) {
        // not this algorithm's encoding (or the JDK lacks it): try the next
      }
    }
    return Optional.empty();
  }
}
