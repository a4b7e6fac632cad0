package io.qkdchain.peer.consensus;

import java.util.List;
import java.util.Objects;

/**
 * A block's content. Its hash is SHA-256 of the canonical encoding in docs/messages.md. The view
 * and the proposer are deliberately not part of it, so a locked block can be re-proposed in a later
 * view under the same hash.
 */
public record Block(
    long index, String previousBlockHash, long timestamp, List<Transaction> transactions) {

  static final String MAGIC = "QKDCHAIN-BLOCK-v1";
  public static final String ZERO_HASH = "0".repeat(64);

  private static final Block GENESIS =
      new Block(0, ZERO_HASH, 0, List.of(new Transaction("genesis", "Genesis block")));

  public Block {
    Objects.requireNonNull(previousBlockHash, "previousBlockHash");
    transactions = List.copyOf(transactions);
    if (index < 0) {
      throw new IllegalArgumentException("block index must be >= 0");
    }
    if (transactions.isEmpty()) {
      throw new IllegalArgumentException("a block holds at least one transaction");
    }
    if (!isHash(previousBlockHash)) {
      throw new IllegalArgumentException("previousBlockHash must be 64 lowercase hex characters");
    }
  }

  /**
   * Whether {@code text} has the form of every hash in the protocol: SHA-256 as 64 lowercase hex
   * characters (a hand loop: the checks run on every message, and String.matches compiles a regex
   * each call).
   */
  public static boolean isHash(String text) {
    if (text == null || text.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** The genesis block, identical on every peer. */
  public static Block genesis() {
    return GENESIS;
  }

  /** The canonical encoding that the block hash covers (docs/messages.md, "Block encoding"). */
  public byte[] encode() {
    long size = MAGIC.length() + 8 + 32 + 8 + 4;
    for (Transaction tx : transactions) {
      size += 2 + tx.id().length() * 3L + 4 + tx.data().length() * 3L;
    }
    CanonicalBytes out =
        new CanonicalBytes((int) Math.min(size, Integer.MAX_VALUE - 16))
            .ascii(MAGIC)
            .u64(index)
            .hash(previousBlockHash)
            .u64(timestamp)
            .u32(transactions.size());
    for (Transaction tx : transactions) {
      out.str16(tx.id()).str32(tx.data());
    }
    return out.toByteArray();
  }

  /** Lowercase hex SHA-256 of {@link #encode()}. */
  public String hash() {
    return CanonicalBytes.sha256Hex(encode());
  }

  /** Total UTF-16 length of the transactions' data, a cheap bound used for block size limits. */
  public long dataChars() {
    return transactions.stream().mapToLong(tx -> tx.data().length()).sum();
  }
}
