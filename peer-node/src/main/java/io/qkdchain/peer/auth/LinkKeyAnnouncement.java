package io.qkdchain.peer.auth;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a receiver tells a sender about the key it drew for their link's current epoch: the epoch
 * number, the key's size and the KME's key IDs in exchange order (docs/messages.md, "Link
 * authentication"). IDs only: the key itself never travels. The wire form is {@code
 * epoch=<n>;bits=<K>;ids=<id>,<id>...}.
 */
public record LinkKeyAnnouncement(long epoch, int bits, List<String> keyIds) {

  public static final String HEADER = "X-Qkdchain-Link-Key";

  static final int MAX_KEY_IDS = 256;
  static final int MAX_BITS = 1 << 20;
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._~-]{1,128}");
  private static final Pattern FORM =
      Pattern.compile("epoch=([0-9]{1,15});bits=([0-9]{1,7});ids=([^;]+)");

  public LinkKeyAnnouncement {
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch must be positive, got " + epoch);
    }
    if (bits < 8 || bits % 8 != 0 || bits > MAX_BITS) {
      throw new IllegalArgumentException(
          "bits must be a positive multiple of 8 up to " + MAX_BITS + ", got " + bits);
    }
    keyIds = List.copyOf(keyIds);
    if (keyIds.isEmpty() || keyIds.size() > MAX_KEY_IDS) {
      throw new IllegalArgumentException(
          "an announcement names 1 to " + MAX_KEY_IDS + " key IDs, got " + keyIds.size());
    }
    for (String id : keyIds) {
      if (!KEY_ID.matcher(id).matches()) {
        throw new IllegalArgumentException("malformed key ID in an announcement");
      }
    }
  }

  /** The ID a request names its epoch's key by. */
  public String firstKeyId() {
    return keyIds.get(0);
  }

  public String format() {
    return "epoch=" + epoch + ";bits=" + bits + ";ids=" + String.join(",", keyIds);
  }

  /**
   * @throws IllegalArgumentException when {@code text} is not an announcement
   */
  public static LinkKeyAnnouncement parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("no announcement");
    }
    var match = FORM.matcher(text.strip());
    if (!match.matches()) {
      throw new IllegalArgumentException("malformed link key announcement");
    }
    return new LinkKeyAnnouncement(
        Long.parseLong(match.group(1)),
        Integer.parseInt(match.group(2)),
        Arrays.asList(match.group(3).split(",", -1)));
  }

  @Override
  public String toString() {
    return format();
  }
}
