package io.qkdchain.etsi014;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the ETSI 014 JSON bodies. Field names are matched in any capitalisation, because
 * devices in the field send {@code Max_key_count} for {@code max_key_count}. Problems are reported
 * as {@link IllegalArgumentException}s whose messages never contain key material.
 */
final class Etsi014Json {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final int MAX_QUOTED_ERROR_TEXT = 200;

  private Etsi014Json() {}

  static KeyStatus readStatus(byte[] body) {
    Map<String, JsonNode> fields = fieldsOf(readTree(body), "status");
    return new KeyStatus(
        text(fields, "source_KME_ID"),
        text(fields, "target_KME_ID"),
        text(fields, "master_SAE_ID"),
        text(fields, "slave_SAE_ID"),
        positiveInt(fields, "key_size"),
        nonNegativeInt(fields, "stored_key_count"),
        nonNegativeInt(fields, "max_key_count"),
        positiveInt(fields, "max_key_per_request"),
        positiveInt(fields, "max_key_size"),
        positiveInt(fields, "min_key_size"),
        fields.containsKey("max_sae_id_count") ? nonNegativeInt(fields, "max_SAE_ID_count") : 0,
        fields.get("status_extension"));
  }

  /**
   * Decodes a Key container. On any problem the keys decoded so far are zeroed before the exception
   * leaves, so a rejected answer leaves no key material behind.
   */
  static KeyContainer readKeys(byte[] body, KeyEncoding encoding) {
    Map<String, JsonNode> fields = fieldsOf(readTree(body), "key container");
    JsonNode keys = fields.get("keys");
    if (keys == null || !keys.isArray()) {
      throw new IllegalArgumentException("no 'keys' array");
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("'keys' is empty");
    }
    List<QkdKey> decoded = new ArrayList<>(keys.size());
    Set<String> seen = new HashSet<>();
    try {
      for (JsonNode entry : keys) {
        Map<String, JsonNode> keyFields = fieldsOf(entry, "key entry");
        String keyId = text(keyFields, "key_ID");
        if (keyId.isBlank()) {
          throw new IllegalArgumentException("a key has a blank key_ID");
        }
        if (!seen.add(keyId)) {
          throw new IllegalArgumentException("key_ID " + keyId + " appears twice");
        }
        byte[] material = decodeKey(keyFields, keyId, encoding);
        decoded.add(
            new QkdKey(
                keyId,
                material,
                keyFields.get("key_id_extension"),
                keyFields.get("key_extension")));
      }
    } catch (RuntimeException e) {
      decoded.forEach(QkdKey::zero);
      throw e;
    }
    return new KeyContainer(decoded, fields.get("key_container_extension"));
  }

  private static byte[] decodeKey(
      Map<String, JsonNode> keyFields, String keyId, KeyEncoding encoding) {
    JsonNode node = keyFields.get("key");
    if (node == null || !node.isString()) {
      throw new IllegalArgumentException("key_ID " + keyId + " has no 'key' string");
    }
    byte[] material;
    try {
      material = encoding.decode(node.stringValue());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key_ID " + keyId + ": " + e.getMessage());
    }
    if (material.length == 0) {
      throw new IllegalArgumentException("key_ID " + keyId + " has an empty key");
    }
    return material;
  }

  /** Reads an error body; some servers send none, or plain text. */
  static KmeException.ErrorAnswer readError(int httpStatus, byte[] body) {
    if (body == null || body.length == 0) {
      return new KmeException.ErrorAnswer(httpStatus, null, List.of());
    }
    JsonNode tree;
    try {
      tree = MAPPER.readTree(body);
    } catch (JacksonException e) {
      String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
      if (text.length() > MAX_QUOTED_ERROR_TEXT) {
        text = text.substring(0, MAX_QUOTED_ERROR_TEXT) + "...";
      }
      return new KmeException.ErrorAnswer(httpStatus, text.isEmpty() ? null : text, List.of());
    }
    if (!tree.isObject()) {
      return new KmeException.ErrorAnswer(httpStatus, tree.toString(), List.of());
    }
    Map<String, JsonNode> fields = lowerCased(tree);
    JsonNode message = fields.get("message");
    List<String> details = new ArrayList<>();
    JsonNode detailNode = fields.get("details");
    if (detailNode != null && detailNode.isArray()) {
      detailNode.forEach(d -> details.add(d.isString() ? d.stringValue() : d.toString()));
    } else if (detailNode != null && !detailNode.isNull()) {
      details.add(detailNode.isString() ? detailNode.stringValue() : detailNode.toString());
    }
    String messageText =
        message == null || message.isNull()
            ? null
            : message.isString() ? message.stringValue() : message.toString();
    return new KmeException.ErrorAnswer(httpStatus, messageText, details);
  }

  static byte[] writeKeyRequest(KeyRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("number", request.number());
    if (request.size() != null) {
      body.put("size", request.size());
    }
    if (!request.additionalSlaveSaeIds().isEmpty()) {
      body.put("additional_slave_SAE_IDs", request.additionalSlaveSaeIds());
    }
    if (!request.extensionMandatory().isEmpty()) {
      body.put("extension_mandatory", request.extensionMandatory());
    }
    if (!request.extensionOptional().isEmpty()) {
      body.put("extension_optional", request.extensionOptional());
    }
    return MAPPER.writeValueAsBytes(body);
  }

  static byte[] writeKeyIds(List<String> keyIds) {
    List<Map<String, String>> ids = keyIds.stream().map(id -> Map.of("key_ID", id)).toList();
    return MAPPER.writeValueAsBytes(Map.of("key_IDs", ids));
  }

  private static JsonNode readTree(byte[] body) {
    if (body == null || body.length == 0) {
      throw new IllegalArgumentException("empty body");
    }
    try {
      return MAPPER.readTree(body);
    } catch (JacksonException e) {
      // Jackson quotes the text around a syntax error, which may be key material.
      throw new IllegalArgumentException("body is not JSON");
    }
  }

  private static Map<String, JsonNode> fieldsOf(JsonNode node, String what) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(what + " is not a JSON object");
    }
    return lowerCased(node);
  }

  private static Map<String, JsonNode> lowerCased(JsonNode object) {
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      fields.putIfAbsent(field.getKey().toLowerCase(Locale.ROOT), field.getValue());
    }
    return fields;
  }

  private static String text(Map<String, JsonNode> fields, String name) {
    JsonNode node = fields.get(name.toLowerCase(Locale.ROOT));
    if (node == null || node.isNull()) {
      throw new IllegalArgumentException("missing field " + name);
    }
    if (node.isString()) {
      return node.stringValue();
    }
    if (node.isNumber()) {
      return node.asString();
    }
    throw new IllegalArgumentException("field " + name + " is not a string");
  }

  private static int nonNegativeInt(Map<String, JsonNode> fields, String name) {
    JsonNode node = fields.get(name.toLowerCase(Locale.ROOT));
    if (node == null || node.isNull()) {
      throw new IllegalArgumentException("missing field " + name);
    }
    long value;
    if (node.isIntegralNumber()) {
      value = node.longValue();
    } else if (node.isString() && node.stringValue().strip().matches("\\d{1,10}")) {
      value = Long.parseLong(node.stringValue().strip());
    } else {
      throw new IllegalArgumentException("field " + name + " is not an integer");
    }
    if (value < 0 || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("field " + name + " is out of range: " + value);
    }
    return (int) value;
  }

  private static int positiveInt(Map<String, JsonNode> fields, String name) {
    int value = nonNegativeInt(fields, name);
    if (value == 0) {
      throw new IllegalArgumentException("field " + name + " must be positive");
    }
    return value;
  }
}
