package io.qkdchain.etsi014;

/**
 * A success answer that cannot be trusted: not JSON, bad base64/hex, no keys, unexpected key IDs,
 * keys of the wrong size. The whole answer is rejected; a partial key is never returned.
 */
public final class MalformedKmeResponse extends KmeException {
  MalformedKmeResponse(String operation, String problem) {
    super(operation + " gave a malformed answer: " + problem, 0, null, null, null);
  }
}
