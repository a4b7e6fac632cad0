package io.qkdchain.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The client API of one peer, as a user's program would call it. */
final class PeerApi {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(3))
          .build();
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final URI base;

  PeerApi(URI base) {
    this.base = base;
  }

  URI base() {
    return base;
  }

  /** Submits with {@code wait=true}; the answer once committed (it carries {@code blockIndex}). */
  JsonNode submitAndWait(String data) throws IOException, InterruptedException {
    String body = JSON.writeValueAsString(JSON.createObjectNode().put("data", data));
    HttpResponse<String> answer =
        HTTP.send(
            HttpRequest.newBuilder(base.resolve("/api/v1/transactions?wait=true"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException(
          base + " answered " + answer.statusCode() + " to a transaction: " + answer.body());
    }
    return JSON.readTree(answer.body());
  }

  /**
   * Submits without waiting; the transaction's id when the peer acknowledged it (202), empty when
   * the peer could not be reached or refused it.
   */
  Optional<String> submit(String data) {
    try {
      String body = JSON.writeValueAsString(JSON.createObjectNode().put("data", data));
      HttpResponse<String> answer =
          HTTP.send(
              HttpRequest.newBuilder(base.resolve("/api/v1/transactions"))
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 202) {
        return Optional.empty();
      }
      return Optional.of(JSON.readTree(answer.body()).path("id").asString());
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The id of every committed transaction, in chain order (genesis excluded). */
  List<String> committedTransactionIds() throws IOException, InterruptedException {
    List<String> ids = new ArrayList<>();
    forEachCommitted(tx -> ids.add(tx.path("id").asString()));
    return ids;
  }

  /** The data of every committed transaction by id (a repeated id keeps its first data). */
  java.util.Map<String, String> committedData() throws IOException, InterruptedException {
    java.util.Map<String, String> data = new java.util.HashMap<>();
    forEachCommitted(tx -> data.putIfAbsent(tx.path("id").asString(), tx.path("data").asString()));
    return data;
  }

  private void forEachCommitted(java.util.function.Consumer<JsonNode> each)
      throws IOException, InterruptedException {
    long from = 1;
    while (true) {
      HttpResponse<String> answer = get("/api/v1/blocks?from=" + from + "&limit=50");
      if (answer.statusCode() != 200) {
        throw new IllegalStateException(base + " answered " + answer.statusCode() + " for blocks");
      }
      JsonNode page = JSON.readTree(answer.body());
      JsonNode blocks = page.isArray() ? page : page.path("blocks");
      if (blocks.isEmpty()) {
        return;
      }
      for (JsonNode block : blocks) {
        block.path("transactions").forEach(each);
        from++;
      }
    }
  }

  /** The block at {@code index}, or empty while this peer does not have it. */
  Optional<JsonNode> block(long index) throws IOException, InterruptedException {
    HttpResponse<String> answer = get("/api/v1/blocks/" + index);
    if (answer.statusCode() == 404) {
      return Optional.empty();
    }
    if (answer.statusCode() != 200) {
      throw new IllegalStateException(
          base + " answered " + answer.statusCode() + " for block " + index);
    }
    return Optional.of(JSON.readTree(answer.body()));
  }

  /** Waits up to {@code limit} for this peer to hold block {@code index}. */
  JsonNode awaitBlock(long index, Duration limit) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      Optional<JsonNode> block = block(index);
      if (block.isPresent()) {
        return block.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(base + " did not get block " + index + " within " + limit);
      }
      Thread.sleep(100);
    }
  }

  /** The hash of every block, from genesis on. */
  List<String> blockHashes() throws IOException, InterruptedException {
    List<String> hashes = new ArrayList<>();
    while (true) {
      HttpResponse<String> answer = get("/api/v1/blocks?from=" + hashes.size() + "&limit=50");
      if (answer.statusCode() != 200) {
        throw new IllegalStateException(base + " answered " + answer.statusCode() + " for blocks");
      }
      JsonNode page = JSON.readTree(answer.body());
      JsonNode blocks = page.isArray() ? page : page.path("blocks");
      if (blocks.isEmpty()) {
        return hashes;
      }
      blocks.forEach(block -> hashes.add(block.path("hash").asString()));
    }
  }

  /** True when {@code /actuator/health} answers UP; false while it cannot be reached or is not. */
  boolean healthy() throws InterruptedException {
    try {
      HttpResponse<String> answer = get("/actuator/health");
      return answer.statusCode() == 200
          && "UP".equals(JSON.readTree(answer.body()).path("status").asString());
    } catch (IOException e) {
      return false;
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
