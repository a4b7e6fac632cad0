package io.qkdchain.etsi014;

/** 401: the KME does not accept this client, or the keys are not addressed to it. */
public final class KmeUnauthorized extends KmeException {
  KmeUnauthorized(String operation, ErrorAnswer answer) {
    super(operation, answer);
  }
}
