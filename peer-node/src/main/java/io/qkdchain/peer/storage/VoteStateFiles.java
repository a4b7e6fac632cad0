package io.qkdchain.peer.storage;

import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.consensus.VoteLock;
import io.qkdchain.peer.wire.BlockJson;
import io.qkdchain.peer.wire.MalformedMessageException;
import java.nio.file.Path;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The promises a peer made about voting, each an {@link AtomicFile}: {@code vote-lock.json} ({@code
 * {"height", "view", "block": block JSON}}) and {@code view.json} ({@code {"height", "view"}}). An
 * unreadable file stops the peer: forgetting either could let it vote twice.
 */
final class VoteStateFiles {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final AtomicFile lock;
  private final AtomicFile view;

  VoteStateFiles(Path dir) {
    this.lock = new AtomicFile(dir, "vote-lock.json");
    this.view = new AtomicFile(dir, "view.json");
  }

  void saveLock(VoteLock voteLock) {
    ObjectNode node = round(voteLock.round());
    node.set("block", BlockJson.write(voteLock.block()));
    lock.replace(JSON.writeValueAsBytes(node));
  }

  Optional<VoteLock> loadLock() {
    return lock.read()
        .map(
            bytes ->
                parse(
                    lock,
                    bytes,
                    node ->
                        new VoteLock(
                            readRound(node), BlockJson.readBlock(node.get("block"), "block"))));
  }

  void saveView(Round round) {
    view.replace(JSON.writeValueAsBytes(round(round)));
  }

  Optional<Round> loadView() {
    return view.read().map(bytes -> parse(view, bytes, VoteStateFiles::readRound));
  }

  private static ObjectNode round(Round round) {
    return JSON.createObjectNode().put("height", round.height()).put("view", round.view());
  }

  private static Round readRound(JsonNode node) {
    JsonNode height = node.path("height");
    JsonNode view = node.path("view");
    if (!height.isIntegralNumber() || !view.isIntegralNumber() || !view.canConvertToInt()) {
      throw new IllegalArgumentException("an integer height and view are required");
    }
    return new Round(height.longValue(), view.intValue());
  }

  private static <T> T parse(
      AtomicFile file, byte[] bytes, java.util.function.Function<JsonNode, T> reader) {
    try {
      return reader.apply(JSON.readTree(bytes));
    } catch (JacksonException | MalformedMessageException | IllegalArgumentException e) {
      throw new IllegalStateException(file.path() + " is unreadable: " + e.getMessage(), e);
    }
  }
}
