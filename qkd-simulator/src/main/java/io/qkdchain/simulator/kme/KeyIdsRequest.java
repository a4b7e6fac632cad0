package io.qkdchain.simulator.kme;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The body of POST dec_keys (ETSI GS QKD 014 "Key IDs"). */
public record KeyIdsRequest(@JsonProperty("key_IDs") List<KeyId> keyIds) {

  public KeyIdsRequest {
    keyIds = keyIds == null ? List.of() : keyIds;
  }

  /** One entry of {@code key_IDs}; {@code key_ID_extension} is accepted and ignored. */
  public record KeyId(@JsonProperty("key_ID") String keyId) {}
}
