package io.qkdchain.peer.config;

/** A configuration value the peer cannot run with; the message starts with the property's key. */
public final class InvalidPropertyException extends RuntimeException {

  private final String key;

  public InvalidPropertyException(String key, String problem) {
    super(key + ": " + problem);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
