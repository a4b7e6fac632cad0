package io.qkdchain.simulator.kme;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The body of POST enc_keys (ETSI GS QKD 014 "Key request"); absent fields take defaults. */
public record KeyRequest(
    Integer number,
    Integer size,
    @JsonProperty("additional_slave_SAE_IDs") List<String> additionalSlaveSaeIds,
    @JsonProperty("extension_mandatory") List<Map<String, Object>> extensionMandatory,
    @JsonProperty("extension_optional") List<Map<String, Object>> extensionOptional) {

  public KeyRequest {
    additionalSlaveSaeIds = additionalSlaveSaeIds == null ? List.of() : additionalSlaveSaeIds;
    extensionMandatory = extensionMandatory == null ? List.of() : extensionMandatory;
    extensionOptional = extensionOptional == null ? List.of() : extensionOptional;
  }

  static KeyRequest of(Integer number, Integer size) {
    return new KeyRequest(number, size, null, null, null);
  }
}
