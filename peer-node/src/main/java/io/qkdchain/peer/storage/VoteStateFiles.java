package io.qkdchain.peer.storage;

import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.consensus.VoteLock;
import io.qkdchain.peer.wire.BlockJson;
import io.qkdchain.peer.wire.MalformedMessageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The promises a peer made about voting: the vote lock ({@code {"height", "view", "block": block
 * JSON}}) in the {@link VoteLockLog}, saved every round, and the view ({@code {"height", "view"}})
 * in {@code view.json}, an {@link AtomicFile} replaced on view changes only. An unreadable file
 * stops the peer: forgetting either could let it vote twice. A {@code vote-lock.json} left by an
 * earlier version is read when the log holds no lock yet, and removed once the log holds one.
 */
final class VoteStateFiles implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final VoteLockLog lock;
  private final AtomicFile legacyLock;
  private final AtomicFile view;
  private boolean legacyLockGone;

  VoteStateFiles(Path dir) {
    this.lock = VoteLockLog.open(dir);
    this.legacyLock = new AtomicFile(dir, "vote-lock.json");
    this.view = new AtomicFile(dir, "view.json");
  }

  void saveLock(VoteLock voteLock) {
    ObjectNode node = round(voteLock.round());
    node.set("block", BlockJson.write(voteLock.block()));
    lock.save(JSON.writeValueAsBytes(node));
    if (!legacyLockGone) {
      deleteLegacyLock();
      legacyLockGone = true;
    }
  }

  Optional<VoteLock> loadLock() {
    Optional<byte[]> logged = lock.last();
    Path source = logged.isPresent() ? lock.path() : legacyLock.path();
    return logged
        .or(legacyLock::read)
        .map(
            bytes ->
                parse(
                    source,
                    bytes,
                    node ->
                        new VoteLock(
                            readRound(node), BlockJson.readBlock(node.get("block"), "block"))));
  }

  void saveView(Round round) {
    view.replace(JSON.writeValueAsBytes(round(round)));
  }

  Optional<Round> loadView() {
    return view.read().map(bytes -> parse(view.path(), bytes, VoteStateFiles::readRound));
  }

  @Override
  public void close() {
    lock.close();
  }

  private void deleteLegacyLock() {
    try {
      Files.deleteIfExists(legacyLock.path());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + legacyLock.path(), e);
    }
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
      Path file, byte[] bytes, java.util.function.Function<JsonNode, T> reader) {
    try {
      return reader.apply(JSON.readTree(bytes));
    } catch (JacksonException | MalformedMessageException | IllegalArgumentException e) {
      throw new IllegalStateException(file + " is unreadable: " + e.getMessage(), e);
    }
  }
}
