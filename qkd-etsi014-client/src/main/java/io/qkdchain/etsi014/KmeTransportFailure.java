package io.qkdchain.etsi014;

/** No usable HTTP answer: connection refused, TLS handshake failed, connect or read timeout. */
public final class KmeTransportFailure extends KmeException {
  KmeTransportFailure(String operation, Throwable cause) {
    super(operation + " failed in transport: " + cause.getMessage(), 0, null, null, cause);
  }
}
