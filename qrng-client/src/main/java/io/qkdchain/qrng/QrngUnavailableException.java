package io.qkdchain.qrng;

/**
 * The QRNG could not serve a draw. Messages never contain the API key, and no underlying exception
 * is attached because the HTTP stack's exceptions quote the request URL, which contains the key.
 */
public final class QrngUnavailableException extends RuntimeException {

  /** Why the QRNG could not serve. */
  public enum Reason {
    /** The service answered with an HTTP error status. */
    HTTP_STATUS,
    /** The answer's body reported an error, whatever the HTTP status said. */
    API_ERROR,
    /** No complete answer within the configured timeout. */
    TIMEOUT,
    /** No connection could be made, or it broke. */
    CONNECTION,
    /** The answer was not the JSON the API documents. */
    MALFORMED_ANSWER
  }

  private final Reason reason;

  public QrngUnavailableException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
