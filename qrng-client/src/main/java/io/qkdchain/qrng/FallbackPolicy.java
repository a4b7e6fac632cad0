package io.qkdchain.qrng;

import java.util.Locale;

/** What to do when the QRNG cannot serve a draw. */
public enum FallbackPolicy {
  /** Throw {@link QrngUnavailableException}: no draw without quantum randomness. */
  FAIL("fail"),
  /** Serve the draw from SecureRandom, log it and count it, and say so in the draw's origin. */
  FALLBACK_SECURERANDOM("fallback-securerandom");

  private final String configName;

  FallbackPolicy(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static FallbackPolicy fromConfigName(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    for (FallbackPolicy policy : values()) {
      if (policy.configName.equals(wanted)) {
        return policy;
      }
    }
    throw new IllegalArgumentException(
        "unknown fallback policy '" + name + "', expected 'fail' or 'fallback-securerandom'");
  }
}
