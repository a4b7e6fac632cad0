package io.qkdchain.peer.consensus;

/** The rules every transaction's text obeys, wherever it comes from (client, gossip, proposal). */
final class TransactionText {

  /** Returned by {@link #utf8Length} for text with an unpaired surrogate (no UTF-8 form). */
  static final int MALFORMED = -1;

  private TransactionText() {}

  /** The UTF-8 length of {@code text}, computed without encoding it, or {@link #MALFORMED}. */
  static int utf8Length(String text) {
    long bytes = 0;
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        if (i + 1 >= length || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return MALFORMED;
        }
        bytes += 4;
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return MALFORMED;
      } else {
        bytes += 3;
      }
    }
    return bytes > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) bytes;
  }

  /** Why {@code data} is not an acceptable transaction text, or null when it is. */
  static String problem(String data, int maxTransactionBytes) {
    if (data == null || data.isEmpty()) {
      return "empty transaction";
    }
    int bytes = utf8Length(data);
    if (bytes == MALFORMED) {
      return "transaction text is not valid Unicode (unpaired surrogate)";
    }
    if (bytes > maxTransactionBytes) {
      return "transaction of " + bytes + " UTF-8 bytes exceeds " + maxTransactionBytes;
    }
    return null;
  }
}
