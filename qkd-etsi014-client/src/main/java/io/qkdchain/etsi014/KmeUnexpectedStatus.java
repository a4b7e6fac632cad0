package io.qkdchain.etsi014;

/** An HTTP status that ETSI GS QKD 014 does not define for the operation. */
public final class KmeUnexpectedStatus extends KmeException {
  KmeUnexpectedStatus(String operation, ErrorAnswer answer) {
    super(operation, answer);
  }
}
