package io.qkdchain.peer.consensus;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cluster member's name, such as {@code peer-3}. Peers are ordered by the number at the end of
 * the name (so {@code peer-10} follows {@code peer-9}); the group signature and proposer rotation
 * use that order.
 */
public record PeerId(String value) implements Comparable<PeerId> {

  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern TRAILING_NUMBER = Pattern.compile("^(.*?)(\\d+)$");
  private static final Comparator<PeerId> ORDER =
      Comparator.comparing(PeerId::prefix)
          .thenComparingLong(PeerId::number)
          .thenComparing(PeerId::value);

  public PeerId {
    if (value == null || !ALLOWED.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "peer id must be 1-64 characters of [A-Za-z0-9._-], got: " + value);
    }
  }

  public static PeerId of(String value) {
    return new PeerId(value);
  }

  private String prefix() {
    Matcher m = TRAILING_NUMBER.matcher(value);
    return m.matches() ? m.group(1) : value;
  }

  private long number() {
    Matcher m = TRAILING_NUMBER.matcher(value);
    return m.matches() && m.group(2).length() < 18 ? Long.parseLong(m.group(2)) : -1;
  }

  @Override
  public int compareTo(PeerId other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return value;
  }
}
