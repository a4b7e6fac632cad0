package io.qkdchain.simulator.kme;

import jakarta.servlet.http.HttpServletRequest;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Who is calling. With mutual TLS the SAE is the client certificate's CN, as real KMEs do it. In
 * plain HTTP there is no certificate, so the caller names itself with the {@code /sae/{id}} prefix;
 * a request with neither is refused rather than guessed.
 */
final class CallerSae {

  private static final String CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

  private CallerSae() {}

  static String of(HttpServletRequest request, String pathPrefixSae, boolean certificateRequired) {
    X509Certificate[] chain = (X509Certificate[]) request.getAttribute(CERTIFICATE_ATTRIBUTE);
    if (chain != null && chain.length > 0) {
      String commonName = commonName(chain[0]);
      if (pathPrefixSae != null && !pathPrefixSae.equals(commonName)) {
        throw KmeException.unauthorized(
            "the path names SAE "
                + pathPrefixSae
                + " but the client certificate belongs to SAE "
                + commonName);
      }
      return commonName;
    }
    if (certificateRequired) {
      throw KmeException.unauthorized(
          "no client certificate: this KME identifies SAEs by mutual TLS");
    }
    if (pathPrefixSae != null) {
      return pathPrefixSae;
    }
    throw KmeException.unauthorized(
        "the calling SAE is unknown: present a client certificate (mutual TLS) or, in plain HTTP,"
            + " call /sae/{your_SAE_ID}/api/v1/keys/...");
  }

  private static String commonName(X509Certificate certificate) {
    X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    RDN[] commonNames = subject.getRDNs(BCStyle.CN);
    if (commonNames.length == 0) {
      throw KmeException.unauthorized(
          "the client certificate has no CN, so it names no SAE: " + subject);
    }
    return IETFUtils.valueToString(commonNames[0].getFirst().getValue());
  }
}
