package io.qkdchain.simulator.config;

import java.util.Base64;
import java.util.HexFormat;

/** How key bytes are written in the {@code key} field: ETSI says base64, some proxies send hex. */
public enum KeyEncoding {
  BASE64 {
    @Override
    public String encode(byte[] key) {
      return Base64.getEncoder().encodeToString(key);
    }
  },
  HEX {
    @Override
    public String encode(byte[] key) {
      return HexFormat.of().formatHex(key);
    }
  };

  public abstract String encode(byte[] key);
}
