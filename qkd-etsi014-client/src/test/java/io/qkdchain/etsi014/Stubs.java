package io.qkdchain.etsi014;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/** JSON bodies a KME would send. */
final class Stubs {

  static final String STATUS =
      """
      {"source_KME_ID":"KME-A","target_KME_ID":"KME-B","master_SAE_ID":"peer-1",
       "slave_SAE_ID":"peer-2","key_size":1024,"stored_key_count":2500,"max_key_count":100000,
       "max_key_per_request":10,"max_key_size":1024,"min_key_size":64,"max_SAE_ID_count":0}
      """;

  private Stubs() {}

  static String status(int keySize, int maxKeyPerRequest, int maxKeySize, int minKeySize) {
    return """
        {"source_KME_ID":"KME-A","target_KME_ID":"KME-B","master_SAE_ID":"peer-1",
         "slave_SAE_ID":"peer-2","key_size":%d,"stored_key_count":2500,"max_key_count":100000,
         "max_key_per_request":%d,"max_key_size":%d,"min_key_size":%d,"max_SAE_ID_count":0}
        """
        .formatted(keySize, maxKeyPerRequest, maxKeySize, minKeySize);
  }

  /** A key entry with base64 key text. */
  record Key(String id, byte[] material) {
    String base64() {
      return Base64.getEncoder().encodeToString(material);
    }

    String hex() {
      return HexFormat.of().formatHex(material);
    }
  }

  static String containerBase64(Key... keys) {
    return container(List.of(keys).stream().map(k -> entry(k.id(), k.base64())).toList());
  }

  static String containerHex(boolean upperCase, Key... keys) {
    return container(
        List.of(keys).stream()
            .map(k -> entry(k.id(), upperCase ? k.hex().toUpperCase() : k.hex()))
            .toList());
  }

  static String entry(String id, String keyText) {
    return "{\"key_ID\":\"" + id + "\",\"key\":\"" + keyText + "\"}";
  }

  static String container(List<String> entries) {
    return entries.stream().collect(Collectors.joining(",", "{\"keys\":[", "]}"));
  }

  static Key key(String id, int bytes, int seed) {
    byte[] material = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      material[i] = (byte) (seed * 31 + i * 7 + 1);
    }
    return new Key(id, material);
  }
}
