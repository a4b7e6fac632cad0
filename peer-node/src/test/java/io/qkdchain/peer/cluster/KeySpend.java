package io.qkdchain.peer.cluster;

import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Key bits per link, {@code "master->slave"}: what a chain should have cost (docs/protocol.md, "Key
 * frugality": one round key of {@code K} bits per link from the proposer to every other peer per
 * committed block) and what the simulator's {@code /sim/stats} says was made and read.
 */
final class KeySpend {

  /** {@code K} for the lfsr family at t = 256: 3t bits. */
  static final int ROUND_KEY_BITS = 768;

  private KeySpend() {}

  /**
   * The bits a chain's blocks cost when each committed in the view named by its certificate: {@code
   * proposer(h, v) = peers[(h + v) mod N]} is the master of its N - 1 links.
   *
   * @param fromHeight the first block to count
   */
  static Map<String, Long> ofCommittedBlocks(JsonNode blocks, long fromHeight) {
    Map<String, Long> bits = new TreeMap<>();
    for (JsonNode block : blocks) {
      long height = block.get("index").longValue();
      if (height == 0 || height < fromHeight) {
        continue;
      }
      long view = block.get("commit").get("view").longValue();
      int proposer = (int) ((height + view) % LocalCluster.SIZE) + 1;
      for (int slave = 1; slave <= LocalCluster.SIZE; slave++) {
        if (slave != proposer) {
          bits.merge("peer-" + proposer + "->peer-" + slave, (long) ROUND_KEY_BITS, Long::sum);
        }
      }
    }
    return bits;
  }

  /** Bits handed to masters by enc_keys, per pair, from {@code /sim/stats}. */
  static Map<String, Long> made(JsonNode stats) {
    return perPair(stats, "bits_made");
  }

  /** Bits handed to slaves by dec_keys, per pair, from {@code /sim/stats}. */
  static Map<String, Long> read(JsonNode stats) {
    return perPair(stats, "bits_read");
  }

  /**
   * Bits made and not (yet) read per pair: {@code earlier} (the same, before the counters were last
   * reset) plus made minus read since. With key prefetch these are the keys a proposer holds for
   * its next proposal.
   */
  static Map<String, Long> unread(Map<String, Long> earlier, JsonNode stats) {
    Map<String, Long> bits = new TreeMap<>(earlier);
    made(stats).forEach((pair, made) -> bits.merge(pair, made, Long::sum));
    read(stats).forEach((pair, read) -> bits.merge(pair, -read, Long::sum));
    bits.values().removeIf(value -> value == 0);
    return bits;
  }

  private static Map<String, Long> perPair(JsonNode stats, String field) {
    Map<String, Long> bits = new TreeMap<>();
    for (JsonNode pair : stats.get("pairs")) {
      long value = pair.get(field).longValue();
      if (value > 0) {
        bits.put(
            pair.get("master_SAE_ID").stringValue() + "->" + pair.get("slave_SAE_ID").stringValue(),
            value);
      }
    }
    return bits;
  }
}
