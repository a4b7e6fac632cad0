package io.qkdchain.etsi014;

import java.util.Arrays;
import tools.jackson.databind.JsonNode;

/**
 * One key from a Key container. {@code material} is the live array, not a copy, so that {@link
 * #zero()} really erases it; treat it as borrowed from the container.
 *
 * @param keyIdExtension the server's {@code key_ID_extension}, or null
 * @param keyExtension the server's {@code key_extension}, or null
 */
public record QkdKey(
    String keyId, byte[] material, JsonNode keyIdExtension, JsonNode keyExtension) {

  public int sizeBits() {
    return material.length * 8;
  }

  /** Overwrites the key bytes with zeros. */
  public void zero() {
    Arrays.fill(material, (byte) 0);
  }

  @Override
  public String toString() {
    return "QkdKey[keyId=" + keyId + ", bits=" + sizeBits() + "]";
  }
}
