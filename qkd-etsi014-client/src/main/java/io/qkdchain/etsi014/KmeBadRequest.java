package io.qkdchain.etsi014;

/**
 * 400: the KME refused the request as malformed or out of its limits (unknown key ID, size out of
 * range, too many keys).
 */
public final class KmeBadRequest extends KmeException {
  KmeBadRequest(String operation, ErrorAnswer answer) {
    super(operation, answer);
  }
}
