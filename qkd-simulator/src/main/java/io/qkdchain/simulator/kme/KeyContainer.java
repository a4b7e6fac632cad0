package io.qkdchain.simulator.kme;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The ETSI GS QKD 014 "Key container" answered by enc_keys and dec_keys. */
public record KeyContainer(List<Key> keys) {

  /** One key: its UUID and its material, base64 or hex as configured. */
  public record Key(@JsonProperty("key_ID") String keyId, @JsonProperty("key") String key) {}
}
