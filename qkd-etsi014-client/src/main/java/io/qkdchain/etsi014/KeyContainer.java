package io.qkdchain.etsi014;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * An ETSI 014 Key container, already checked: every key decoded, non-empty and with a distinct ID.
 * Closing it zeroes every key.
 *
 * @param keys the keys in the order that matters to the caller: the server's order for {@code
 *     enc_keys}, the requested order for {@code dec_keys}
 * @param extension the server's {@code key_container_extension}, or null
 */
public record KeyContainer(List<QkdKey> keys, JsonNode extension) implements AutoCloseable {

  public KeyContainer {
    keys = List.copyOf(keys);
  }

  public List<String> keyIds() {
    return keys.stream().map(QkdKey::keyId).toList();
  }

  @Override
  public void close() {
    keys.forEach(QkdKey::zero);
  }
}
