package io.qkdchain.peer.wire;

import io.qkdchain.peer.consensus.ChainStore;
import io.qkdchain.peer.consensus.CommittedBlock;
import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * A page of committed blocks as a JSON array of block JSON (the body of {@code GET /api/v1/blocks}
 * and {@code GET /peer/v1/blocks}), bounded by a block count and by its size in bytes: blocks are
 * added while the page stays within {@code maxBytes}, but the first block always goes, so a reader
 * paging with {@code from = last index + 1} always moves on.
 */
public final class BlockPage {

  private BlockPage() {}

  public static byte[] encode(ChainStore chain, long from, int maxBlocks, long maxBytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write('[');
    int blocks = 0;
    for (long i = Math.max(0, from); blocks < maxBlocks; i++) {
      Optional<CommittedBlock> block = chain.get(i);
      if (block.isEmpty()) {
        break;
      }
      byte[] json = BlockJson.encode(block.get());
      if (blocks > 0 && out.size() + 1L + json.length + 1 > maxBytes) {
        break;
      }
      if (blocks > 0) {
        out.write(',');
      }
      out.writeBytes(json);
      blocks++;
    }
    out.write(']');
    return out.toByteArray();
  }
}
