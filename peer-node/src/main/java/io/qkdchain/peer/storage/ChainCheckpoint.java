package io.qkdchain.peer.storage;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The verified prefix of {@code chain.log} and the state of the files derived from it, written
 * atomically as {@code checkpoint} next to them once they are forced to disk: the first {@code
 * height} blocks end at byte {@code end}, the last of them starts at {@code tipOffset} and has hash
 * {@code tipHash}; the block offsets and the transaction tables cover exactly those blocks. A
 * restart trusts this prefix (it was verified as it landed, and the background re-scan re-checks
 * it) and verifies only what follows.
 */
record ChainCheckpoint(
    long height,
    long end,
    long tipOffset,
    String tipHash,
    int firstLevelSlots,
    TransactionIndex.Shape transactions) {

  static final String FILE_NAME = "checkpoint";
  private static final String FORMAT = "1";

  byte[] encode() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("format", FORMAT);
    fields.put("height", Long.toString(height));
    fields.put("end", Long.toString(end));
    fields.put("tipOffset", Long.toString(tipOffset));
    fields.put("tipHash", tipHash);
    fields.put("firstLevelSlots", Integer.toString(firstLevelSlots));
    fields.put("transactionTables", Integer.toString(transactions.levels()));
    fields.put("newestTableEntries", Long.toString(transactions.newestCount()));
    StringBuilder text = new StringBuilder();
    fields.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The checkpoint in {@code bytes}, or empty (with the reason in {@code why}) if unreadable. */
  static Optional<ChainCheckpoint> decode(byte[] bytes, StringBuilder why) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        fields.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    if (!FORMAT.equals(fields.get("format"))) {
      why.append("unknown checkpoint format ").append(fields.get("format"));
      return Optional.empty();
    }
    try {
      ChainCheckpoint checkpoint =
          new ChainCheckpoint(
              Long.parseLong(fields.get("height")),
              Long.parseLong(fields.get("end")),
              Long.parseLong(fields.get("tipOffset")),
              java.util.Objects.requireNonNull(fields.get("tipHash"), "tipHash"),
              Integer.parseInt(fields.get("firstLevelSlots")),
              new TransactionIndex.Shape(
                  Integer.parseInt(fields.get("transactionTables")),
                  Long.parseLong(fields.get("newestTableEntries"))));
      if (checkpoint.height < 1
          || checkpoint.tipOffset < 0
          || checkpoint.end <= checkpoint.tipOffset) {
        why.append("inconsistent checkpoint ").append(fields);
        return Optional.empty();
      }
      return Optional.of(checkpoint);
    } catch (RuntimeException e) {
      why.append("unreadable checkpoint: ").append(e.getMessage());
      return Optional.empty();
    }
  }
}
