package io.qkdchain.etsi014;

/** No usable HTTP answer: connection refused, TLS handshake failed, connect or read timeout. */
public final class KmeTransportFailure extends KmeException {
  KmeTransportFailure(String operation, Throwable cause) {
    super(operation + " failed in transport: " + describe(cause), 0, null, null, cause);
  }

  // WebClient wraps the Netty exception, and a read timeout has no message of its own.
  private static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String name = root.getClass().getSimpleName();
    return root.getMessage() == null ? name : name + ": " + root.getMessage();
  }
}
