package io.qkdchain.peer.api;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the text of a transaction from a JSON body, strictly: an object with a string field. */
final class TransactionRequest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private TransactionRequest() {}

  static String text(byte[] body, String field) {
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (JacksonException e) {
      throw new BadRequestException("malformed JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new BadRequestException("expected a JSON object {\"" + field + "\": \"<text>\"}");
    }
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new BadRequestException("missing field '" + field + "'");
    }
    if (!value.isString()) {
      throw new BadRequestException(
          "field '"
              + field
              + "' must be a string, got "
              + value.getNodeType().name().toLowerCase());
    }
    return value.stringValue();
  }
}
