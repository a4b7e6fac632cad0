package io.qkdchain.peer.wire;

import io.qkdchain.peer.consensus.Block;
import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.consensus.KeyHandle;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.PeerMessage;
import io.qkdchain.peer.consensus.PeerMessage.KeyNotice;
import io.qkdchain.peer.consensus.PeerMessage.Phase;
import io.qkdchain.peer.consensus.PeerMessage.Proposal;
import io.qkdchain.peer.consensus.PeerMessage.TxGossip;
import io.qkdchain.peer.consensus.PeerMessage.ViewChange;
import io.qkdchain.peer.consensus.PeerMessage.Vote;
import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.consensus.Transaction;
import io.qkdchain.peer.consensus.VoteLock;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one place where peer messages become JSON and back (docs/messages.md, "Peer-to-peer
 * messages"). Every message carries a {@code type}; decoding is strict: an unknown type, a missing
 * field or a field of the wrong JSON type is a {@link MalformedMessageException} naming it, and a
 * batch is decoded whole before any of it is handed on.
 */
public final class PeerMessageCodec {

  /** A decoded {@code POST /peer/v1/messages} body. */
  public record Batch(PeerId from, List<PeerMessage> messages) {
    public Batch {
      messages = List.copyOf(messages);
    }
  }

  public byte[] encodeBatch(PeerId from, List<PeerMessage> messages) {
    ObjectNode batch = StrictJson.MAPPER.createObjectNode();
    batch.put("from", from.value());
    ArrayNode array = batch.putArray("messages");
    messages.forEach(message -> array.add(write(message)));
    return StrictJson.bytes(batch);
  }

  public byte[] encode(PeerMessage message) {
    return StrictJson.bytes(write(message));
  }

  /** The batch body around messages already encoded one by one with {@link #encode}. */
  public byte[] batchBody(PeerId from, List<byte[]> encodedMessages) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // Peer ids are [A-Za-z0-9._-] only, so they need no JSON escaping.
    out.writeBytes(
        ("{\"from\":\"" + from.value() + "\",\"messages\":[").getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < encodedMessages.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(encodedMessages.get(i));
    }
    out.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  public Batch decodeBatch(byte[] json) {
    JsonNode batch = requireObject(StrictJson.parse(json), "batch");
    PeerId from = StrictJson.peerId(batch, "from", "batch");
    List<PeerMessage> messages =
        StrictJson.elements(
            StrictJson.array(batch, "messages", "batch"), "batch.messages", this::read);
    return new Batch(from, messages);
  }

  /**
   * A single message posted to a typed route: the message object with its sender in {@code from}. A
   * {@code type} may be left out; when present it must be {@code expected}.
   */
  public Batch decodeSingle(byte[] json, String expected) {
    JsonNode node = requireObject(StrictJson.parse(json), "message");
    PeerId from = StrictJson.peerId(node, "from", "message");
    JsonNode type = node.get("type");
    if (type != null && !(type.isString() && type.stringValue().equals(expected))) {
      throw new MalformedMessageException(
          "message.type: this route takes " + expected + ", got " + type);
    }
    return new Batch(from, List.of(read(node, expected, "message")));
  }

  public byte[] encodeBlocks(List<CommittedBlock> blocks) {
    ArrayNode array = StrictJson.MAPPER.createArrayNode();
    blocks.forEach(block -> array.add(BlockJson.write(block)));
    return StrictJson.bytes(array);
  }

  public List<CommittedBlock> decodeBlocks(byte[] json) {
    JsonNode array = StrictJson.parse(json);
    if (!array.isArray()) {
      throw new MalformedMessageException("blocks: expected an array of blocks");
    }
    return StrictJson.elements(array, "blocks", BlockJson::readCommitted);
  }

  public ObjectNode write(PeerMessage message) {
    ObjectNode node = StrictJson.MAPPER.createObjectNode();
    node.put("type", typeOf(message));
    if (message instanceof TxGossip gossip) {
      ArrayNode txs = node.putArray("transactions");
      for (Transaction tx : gossip.transactions()) {
        txs.addObject().put("id", tx.id()).put("data", tx.data());
      }
    } else if (message instanceof Proposal p) {
      writeProposal(node, p);
    } else if (message instanceof Vote v) {
      round(node, v.round());
      node.put("phase", v.phase().name());
      node.put("blockHash", v.blockHash());
    } else if (message instanceof KeyNotice notice) {
      ArrayNode keyIds = node.putArray("keyIds");
      notice.keyIds().keyIds().forEach(keyIds::add);
      node.put("bits", notice.bits());
    } else if (message instanceof PeerMessage.RelayRequest request) {
      round(node, request.round());
      node.put("blockHash", request.blockHash());
    } else if (message instanceof PeerMessage.Relay relay) {
      round(node, relay.round());
      node.put("justifyView", relay.justifyView());
      node.set("block", BlockJson.write(relay.block()));
    } else if (message instanceof ViewChange vc) {
      round(node, vc.round());
      vc.lock()
          .ifPresent(
              lock -> {
                ObjectNode locked = node.putObject("lock");
                locked.put("view", lock.round().view());
                locked.set("block", BlockJson.write(lock.block()));
              });
    }
    return node;
  }

  private static void writeProposal(ObjectNode node, Proposal p) {
    round(node, p.round());
    node.put("proposer", p.proposer().value());
    node.put("justifyView", p.justifyView());
    node.set("block", BlockJson.write(p.block()));
    if (p.keyHandle() instanceof KeyHandle.QkdKeyIds ids) {
      ArrayNode keyIds = node.putArray("keyIds");
      ids.keyIds().forEach(keyIds::add);
    } else if (p.keyHandle() instanceof KeyHandle.ClassicalKey key) {
      node.put("classicalKeyHex", key.keyHex());
    }
    node.put("family", p.family());
    node.put("tagBits", p.tagBits());
    ArrayNode signature = node.putArray("groupSignature");
    p.groupSignature().forEach(signature::add);
  }

  public PeerMessage read(JsonNode node, String path) {
    requireObject(node, path);
    return read(node, StrictJson.text(node, "type", path), path);
  }

  private PeerMessage read(JsonNode node, String type, String path) {
    String at = path + "(" + type + ")";
    try {
      return switch (type) {
        case "TxGossip" ->
            new TxGossip(
                StrictJson.elements(
                    StrictJson.array(node, "transactions", at),
                    at + ".transactions",
                    BlockJson::readTransaction));
        case "Proposal" -> readProposal(node, at);
        case "Vote" ->
            new Vote(round(node, at), phase(node, at), StrictJson.hash(node, "blockHash", at));
        case "ViewChange" -> readViewChange(node, at);
        case "RelayRequest" ->
            new PeerMessage.RelayRequest(round(node, at), StrictJson.hash(node, "blockHash", at));
        case "Relay" -> readRelay(node, at);
        case "KeyNotice" ->
            new KeyNotice(
                new KeyHandle.QkdKeyIds(StrictJson.texts(node, "keyIds", at)),
                StrictJson.unsignedInt(node, "bits", at));
        default -> throw new MalformedMessageException(path + ".type: unknown type " + type);
      };
    } catch (IllegalArgumentException e) {
      // Record invariants (a justification from a later view, a lock from another height...) are
      // malformed input.
      throw new MalformedMessageException(at + ": " + e.getMessage());
    }
  }

  private Proposal readProposal(JsonNode node, String at) {
    Round round = round(node, at);
    boolean hasIds = node.hasNonNull("keyIds");
    boolean hasClassical = node.hasNonNull("classicalKeyHex");
    if (hasIds == hasClassical) {
      throw new MalformedMessageException(
          at + ": exactly one of keyIds and classicalKeyHex is required");
    }
    KeyHandle handle =
        hasIds
            ? new KeyHandle.QkdKeyIds(StrictJson.texts(node, "keyIds", at))
            : new KeyHandle.ClassicalKey(StrictJson.text(node, "classicalKeyHex", at));
    PeerId proposer = StrictJson.peerId(node, "proposer", at);
    int justifyView = StrictJson.intAtLeast(node, "justifyView", Proposal.FRESH, at);
    Block block = BlockJson.readBlock(StrictJson.object(node, "block", at), at + ".block");
    requireIndex(block, round.height(), at + ".block.index");
    return new Proposal(
        round,
        proposer,
        block,
        justifyView,
        handle,
        StrictJson.text(node, "family", at),
        StrictJson.unsignedInt(node, "tagBits", at),
        StrictJson.texts(node, "groupSignature", at));
  }

  private PeerMessage.Relay readRelay(JsonNode node, String at) {
    Round round = round(node, at);
    int justifyView = StrictJson.intAtLeast(node, "justifyView", Proposal.FRESH, at);
    Block block = BlockJson.readBlock(StrictJson.object(node, "block", at), at + ".block");
    requireIndex(block, round.height(), at + ".block.index");
    return new PeerMessage.Relay(round, block, justifyView);
  }

  private ViewChange readViewChange(JsonNode node, String at) {
    Round round = round(node, at);
    JsonNode lock = node.get("lock");
    if (lock == null || lock.isNull()) {
      return new ViewChange(round, Optional.empty());
    }
    JsonNode locked = StrictJson.object(node, "lock", at);
    int view = StrictJson.unsignedInt(locked, "view", at + ".lock");
    Block block =
        BlockJson.readBlock(StrictJson.object(locked, "block", at + ".lock"), at + ".lock.block");
    requireIndex(block, round.height(), at + ".lock.block.index");
    return new ViewChange(round, Optional.of(new VoteLock(new Round(round.height(), view), block)));
  }

  /** The phase of a vote: exactly {@code ECHO}, {@code ACCEPT} or {@code LOCK}. */
  private static Phase phase(JsonNode node, String at) {
    String phase = StrictJson.text(node, "phase", at);
    for (Phase known : Phase.values()) {
      if (known.name().equals(phase)) {
        return known;
      }
    }
    throw new MalformedMessageException(at + ".phase: expected ECHO, ACCEPT, LOCK or COMMIT");
  }

  /** A block carried for a round must be at that round's height. */
  private static void requireIndex(Block block, long height, String where) {
    if (block.index() != height) {
      throw new MalformedMessageException(
          where + ": " + block.index() + " is not the round's height " + height);
    }
  }

  private static Round round(JsonNode node, String at) {
    return new Round(
        StrictJson.unsignedLong(node, "height", at), StrictJson.unsignedInt(node, "view", at));
  }

  private static void round(ObjectNode node, Round round) {
    node.put("height", round.height());
    node.put("view", round.view());
  }

  private static JsonNode requireObject(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw new MalformedMessageException(path + ": expected a JSON object");
    }
    return node;
  }

  /** The {@code type} discriminator of a message: its record's simple name. */
  public static String typeOf(PeerMessage message) {
    return message.getClass().getSimpleName();
  }
}
