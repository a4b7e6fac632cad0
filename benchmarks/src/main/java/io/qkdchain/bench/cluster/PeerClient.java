package io.qkdchain.bench.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The parts of a peer's client API a benchmark needs. */
final class PeerClient {

  /** The answer to a submission: committed in {@code blockIndex}, or accepted and pending. */
  record Submission(int status, String id, Long blockIndex, String body) {
    boolean committed() {
      return status == 200 && blockIndex != null;
    }

    boolean accepted() {
      return status == 200 || status == 201 || status == 202;
    }
  }

  private final HttpClient http;
  private final ObjectMapper json;
  private final Duration timeout;

  PeerClient(HttpClient http, ObjectMapper json, Duration timeout) {
    this.http = http;
    this.json = json;
    this.timeout = timeout;
  }

  /** {@code GET /api/v1/transactions/{id}}: its block index once committed. */
  CompletableFuture<Submission> lookUp(URI peer, String id) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(peer + "/api/v1/transactions/" + id))
            .timeout(timeout)
            .GET()
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(this::submission);
  }

  private Submission submission(HttpResponse<String> answer) {
    return submission(answer.statusCode(), answer.body());
  }

  /** The answer {@code body} with {@code status} to a submission or a look-up. */
  Submission submission(int status, String body) {
    String id = null;
    Long blockIndex = null;
    try {
      JsonNode node = json.readTree(body);
      id = text(node, "id");
      JsonNode index = node.path("blockIndex");
      if (index.isIntegralNumber()) {
        blockIndex = index.asLong();
      }
    } catch (RuntimeException notJson) {
      // An error page without JSON: the status and body say enough.
    }
    return new Submission(status, id, blockIndex, body);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isValueNode() ? value.asString() : null;
  }

  /**
   * How many blocks {@code peer} holds, found with pages of one block (doubling, then halving):
   * about 2 log2(height) requests, instead of reading every block.
   */
  long height(URI peer) {
    long known = 0;
    long step = 1;
    while (!blockHashes(peer, known + step - 1, 1).isEmpty()) {
      known += step;
      step *= 2;
    }
    // Blocks 0 .. known-1 exist; block known + step - 1 does not.
    long low = known;
    long high = known + step - 1;
    while (low < high) {
      long mid = (low + high) >>> 1;
      if (blockHashes(peer, mid, 1).isEmpty()) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }

  /** Hashes of the blocks from index {@code from} on, at most {@code limit}. */
  List<String> blockHashes(URI peer, long from, int limit) {
    URI uri = URI.create(peer + "/api/v1/blocks?from=" + from + "&limit=" + limit);
    try {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      // Pages of blocks are rate-limited per client (docs/api.md): wait as told, a bounded number
      // of times.
      for (int retry = 0; answer.statusCode() == 429 && retry < 120; retry++) {
        long seconds =
            Math.min(
                60, Long.parseLong(answer.headers().firstValue("Retry-After").orElse("1").trim()));
        Thread.sleep(seconds * 1000);
        answer =
            http.send(
                HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString());
      }
      if (answer.statusCode() != 200) {
        throw new IllegalStateException(uri + " answered " + answer.statusCode());
      }
      JsonNode node = json.readTree(answer.body());
      JsonNode blocks = node.isArray() ? node : node.path("blocks");
      List<String> hashes = new ArrayList<>();
      long expected = from;
      for (JsonNode block : blocks) {
        long index = block.path("index").asLong(-1);
        if (index != expected) {
          throw new IllegalStateException(
              uri + " returned block " + index + " where block " + expected + " belongs");
        }
        hashes.add(block.path("hash").asString());
        expected++;
      }
      return hashes;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + uri + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + uri, e);
    }
  }
}
