package io.qkdchain.etsi014;

import java.util.List;
import java.util.Map;

/**
 * An ETSI 014 Key request.
 *
 * @param number how many keys (at least 1)
 * @param size bits per key, a multiple of 8; null lets the KME use its default {@code key_size}
 * @param additionalSlaveSaeIds further slaves to share the keys with (POST form only)
 * @param extensionMandatory extensions the KME must honour or refuse (POST form only)
 * @param extensionOptional extensions the KME may ignore (POST form only)
 */
public record KeyRequest(
    int number,
    Integer size,
    List<String> additionalSlaveSaeIds,
    List<Map<String, Object>> extensionMandatory,
    List<Map<String, Object>> extensionOptional) {

  public KeyRequest {
    if (number < 1) {
      throw new IllegalArgumentException("number must be >= 1, was " + number);
    }
    if (size != null && (size <= 0 || size % 8 != 0)) {
      throw new IllegalArgumentException("size must be a positive multiple of 8, was " + size);
    }
    additionalSlaveSaeIds =
        additionalSlaveSaeIds == null ? List.of() : List.copyOf(additionalSlaveSaeIds);
    extensionMandatory = extensionMandatory == null ? List.of() : List.copyOf(extensionMandatory);
    extensionOptional = extensionOptional == null ? List.of() : List.copyOf(extensionOptional);
  }

  /** {@code number} keys of {@code sizeBits} bits each. */
  public static KeyRequest of(int number, int sizeBits) {
    return new KeyRequest(number, sizeBits, null, null, null);
  }

  /** {@code number} keys of the KME's default size. */
  public static KeyRequest ofDefaultSize(int number) {
    return new KeyRequest(number, null, null, null, null);
  }

  boolean needsBody() {
    return !additionalSlaveSaeIds.isEmpty()
        || !extensionMandatory.isEmpty()
        || !extensionOptional.isEmpty();
  }
}
