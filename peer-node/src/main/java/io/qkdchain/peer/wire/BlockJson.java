package io.qkdchain.peer.wire;

import io.qkdchain.peer.consensus.Block;
import io.qkdchain.peer.consensus.CommitCertificate;
import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.consensus.Transaction;
import java.util.LinkedHashSet;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The block JSON of docs/messages.md: the original's fields ({@code index, previousBlockHash, data,
 * timestamp, hash}) plus {@code transactions} and, for a committed block, {@code commit}: {@code
 * {"height", "view", "lockedBy": [ids]}}, the members whose Lock votes the writing peer counted.
 * Reading recomputes the hash and refuses a block whose {@code hash} field disagrees. A {@code
 * commit} written before the Byzantine protocol holds {@code "votes": [[initiator, voter], ...]}
 * instead; it reads as {@code lockedBy} = the distinct voters, in order of first appearance, so a
 * chain log from an earlier version still opens.
 */
public final class BlockJson {

  private BlockJson() {}

  public static ObjectNode write(Block block) {
    ObjectNode node = StrictJson.MAPPER.createObjectNode();
    node.put("index", block.index());
    node.put("previousBlockHash", block.previousBlockHash());
    node.put("data", originalData(block.transactions()));
    node.put("timestamp", block.timestamp());
    node.put("hash", block.hash());
    ArrayNode transactions = node.putArray("transactions");
    for (Transaction tx : block.transactions()) {
      transactions.addObject().put("id", tx.id()).put("data", tx.data());
    }
    return node;
  }

  public static ObjectNode write(CommittedBlock committed) {
    ObjectNode node = write(committed.block());
    CommitCertificate certificate = committed.certificate();
    ObjectNode commit = node.putObject("commit");
    commit.put("height", certificate.round().height());
    commit.put("view", certificate.round().view());
    ArrayNode lockedBy = commit.putArray("lockedBy");
    certificate.lockedBy().forEach(peer -> lockedBy.add(peer.value()));
    return node;
  }

  public static byte[] encode(CommittedBlock committed) {
    return StrictJson.bytes(write(committed));
  }

  public static CommittedBlock decode(byte[] json) {
    return readCommitted(StrictJson.parse(json), "block");
  }

  public static Block readBlock(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw new MalformedMessageException(path + ": expected a block object");
    }
    long index = StrictJson.unsignedLong(node, "index", path);
    String previous = StrictJson.hash(node, "previousBlockHash", path);
    long timestamp = StrictJson.signedLong(node, "timestamp", path);
    List<Transaction> transactions =
        StrictJson.elements(
            StrictJson.array(node, "transactions", path),
            path + ".transactions",
            BlockJson::readTransaction);
    Block block;
    try {
      block = new Block(index, previous, timestamp, transactions);
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException(path + ": " + e.getMessage());
    }
    JsonNode claimed = node.get("hash");
    if (claimed != null && !claimed.isNull()) {
      String hash = StrictJson.hash(node, "hash", path);
      if (!hash.equals(block.hash())) {
        throw new MalformedMessageException(
            path + ".hash: " + hash + " does not match the block's content (" + block.hash() + ")");
      }
    }
    return block;
  }

  public static CommittedBlock readCommitted(JsonNode node, String path) {
    Block block = readBlock(node, path);
    StrictJson.hash(node, "hash", path);
    JsonNode commit = StrictJson.object(node, "commit", path);
    String where = path + ".commit";
    long height = StrictJson.unsignedLong(commit, "height", where);
    int view = StrictJson.unsignedInt(commit, "view", where);
    if (height != block.index()) {
      throw new MalformedMessageException(
          where + ".height: " + height + " is not the block index " + block.index());
    }
    return new CommittedBlock(
        block,
        new CommitCertificate(new Round(height, view), block.hash(), lockedBy(commit, where)));
  }

  /** {@code lockedBy}, or the distinct voters of an earlier version's {@code votes} pairs. */
  private static List<PeerId> lockedBy(JsonNode commit, String where) {
    boolean current = commit.has("lockedBy");
    boolean earlier = commit.has("votes");
    if (current == earlier) {
      throw new MalformedMessageException(
          where
              + ": exactly one of lockedBy and votes (a commit written before version 2) is"
              + " required");
    }
    if (earlier) {
      return distinctVoters(commit, where);
    }
    List<PeerId> members = StrictJson.peerIds(commit, "lockedBy", where);
    if (new LinkedHashSet<>(members).size() != members.size()) {
      throw new MalformedMessageException(where + ".lockedBy: lists a member twice");
    }
    return members;
  }

  static Transaction readTransaction(JsonNode node, String path) {
    if (!node.isObject()) {
      throw new MalformedMessageException(path + ": expected a transaction object");
    }
    try {
      return new Transaction(
          StrictJson.text(node, "id", path), StrictJson.text(node, "data", path));
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException(path + ": " + e.getMessage());
    }
  }

  /** The voters of the vote-chain protocol's {@code [initiator, voter]} pairs, each once. */
  private static List<PeerId> distinctVoters(JsonNode commit, String path) {
    List<PeerId> voters =
        StrictJson.elements(
            StrictJson.array(commit, "votes", path),
            path + ".votes",
            (pair, where) -> {
              if (!pair.isArray()
                  || pair.size() != 2
                  || !pair.get(0).isString()
                  || !pair.get(1).isString()) {
                throw new MalformedMessageException(
                    where + ": expected a pair [initiator, voter] of peer ids");
              }
              try {
                PeerId.of(pair.get(0).stringValue());
                return PeerId.of(pair.get(1).stringValue());
              } catch (IllegalArgumentException e) {
                throw new MalformedMessageException(where + ": " + e.getMessage());
              }
            });
    return List.copyOf(new LinkedHashSet<>(voters));
  }

  /** The original's {@code data}: the text itself for one transaction, else a JSON array string. */
  private static String originalData(List<Transaction> transactions) {
    if (transactions.size() == 1) {
      return transactions.get(0).data();
    }
    return StrictJson.MAPPER.writeValueAsString(
        transactions.stream().map(Transaction::data).toList());
  }
}
