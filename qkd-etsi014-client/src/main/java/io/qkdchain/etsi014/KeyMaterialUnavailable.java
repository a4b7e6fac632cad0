package io.qkdchain.etsi014;

/** 503: the KME cannot serve now, typically because its key store is exhausted. */
public final class KeyMaterialUnavailable extends KmeException {
  KeyMaterialUnavailable(String operation, ErrorAnswer answer) {
    super(operation, answer);
  }
}
