package io.qkdchain.peer.wire;

import io.qkdchain.peer.consensus.Block;
import io.qkdchain.peer.consensus.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Field readers that refuse anything but the exact JSON type: a number where a string belongs, a
 * float where an integer belongs, or a missing field is an error naming the field's path.
 */
final class StrictJson {

  static final JsonMapper MAPPER =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private StrictJson() {}

  static JsonNode parse(byte[] json) {
    try {
      return MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new MalformedMessageException("not valid JSON: " + e.getOriginalMessage());
    }
  }

  static byte[] bytes(JsonNode node) {
    return MAPPER.writeValueAsBytes(node);
  }

  static JsonNode object(JsonNode parent, String field, String path) {
    JsonNode node = required(parent, field, path);
    if (!node.isObject()) {
      throw wrongType(path, field, "an object", node);
    }
    return node;
  }

  static JsonNode array(JsonNode parent, String field, String path) {
    JsonNode node = required(parent, field, path);
    if (!node.isArray()) {
      throw wrongType(path, field, "an array", node);
    }
    return node;
  }

  static String text(JsonNode parent, String field, String path) {
    JsonNode node = required(parent, field, path);
    if (!node.isString()) {
      throw wrongType(path, field, "a string", node);
    }
    return node.stringValue();
  }

  static long unsignedLong(JsonNode parent, String field, String path) {
    JsonNode node = required(parent, field, path);
    if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
      throw wrongType(path, field, "a non-negative integer", node);
    }
    return node.longValue();
  }

  static long signedLong(JsonNode parent, String field, String path) {
    JsonNode node = required(parent, field, path);
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw wrongType(path, field, "an integer", node);
    }
    return node.longValue();
  }

  static int unsignedInt(JsonNode parent, String field, String path) {
    JsonNode node = required(parent, field, path);
    if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0) {
      throw wrongType(path, field, "a non-negative 32-bit integer", node);
    }
    return node.intValue();
  }

  /** A 32-bit integer of at least {@code min} (e.g. -1 where -1 has a meaning of its own). */
  static int intAtLeast(JsonNode parent, String field, int min, String path) {
    JsonNode node = required(parent, field, path);
    if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min) {
      throw wrongType(path, field, "a 32-bit integer of at least " + min, node);
    }
    return node.intValue();
  }

  static PeerId peerId(JsonNode parent, String field, String path) {
    String value = text(parent, field, path);
    try {
      return PeerId.of(value);
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException(path + "." + field + ": " + e.getMessage());
    }
  }

  static String hash(JsonNode parent, String field, String path) {
    String value = text(parent, field, path);
    if (!Block.isHash(value)) {
      throw new MalformedMessageException(
          path + "." + field + ": expected 64 lowercase hex characters");
    }
    return value;
  }

  static List<String> texts(JsonNode parent, String field, String path) {
    return elements(
        array(parent, field, path),
        path + "." + field,
        (element, where) -> {
          if (!element.isString()) {
            throw new MalformedMessageException(where + ": expected a string");
          }
          return element.stringValue();
        });
  }

  static List<PeerId> peerIds(JsonNode parent, String field, String path) {
    List<String> values = texts(parent, field, path);
    List<PeerId> ids = new ArrayList<>(values.size());
    for (String value : values) {
      try {
        ids.add(PeerId.of(value));
      } catch (IllegalArgumentException e) {
        throw new MalformedMessageException(path + "." + field + ": " + e.getMessage());
      }
    }
    return ids;
  }

  static <T> List<T> elements(JsonNode array, String path, BiFunction<JsonNode, String, T> reader) {
    List<T> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      out.add(reader.apply(array.get(i), path + "[" + i + "]"));
    }
    return out;
  }

  private static JsonNode required(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      throw new MalformedMessageException(path + "." + field + ": missing");
    }
    return node;
  }

  private static MalformedMessageException wrongType(
      String path, String field, String expected, JsonNode actual) {
    return new MalformedMessageException(
        path + "." + field + ": expected " + expected + ", got " + describe(actual));
  }

  private static String describe(JsonNode node) {
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
        + (node.isNumber() ? " " + node.numberValue() : "");
  }
}
