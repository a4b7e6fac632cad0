package io.qkdchain.simulator.emulation;

import jakarta.servlet.http.HttpServletRequest;

/** Which emulated service a request is for, and its operation name in the stats. */
final class Endpoints {

  static final String[] ETSI_PATTERNS = {"/api/v1/keys/**", "/sae/*/api/v1/keys/**"};
  static final String QRNG_PATTERN = "/*/qbck/**";

  private Endpoints() {}

  static boolean isEtsi(HttpServletRequest request) {
    return request.getRequestURI().contains("/api/v1/keys/");
  }

  static String operation(HttpServletRequest request) {
    String uri = request.getRequestURI();
    if (!isEtsi(request)) {
      return "qrng";
    }
    return uri.substring(uri.lastIndexOf('/') + 1);
  }
}
