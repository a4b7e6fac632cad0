package io.qkdchain.bench.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * QKD key bits drawn from the simulator during a run. A key is counted once, when {@code enc_keys}
 * hands it to the master SAE ({@code totals.bits_made} of {@code GET /sim/stats}); the slave's
 * {@code dec_keys} reads the same bits again and is not a second consumption.
 */
final class KeyConsumption {

  private final URI stats;
  private final HttpClient http;
  private final ObjectMapper json;

  KeyConsumption(SimulatorAccess access, ObjectMapper json) {
    this.stats = URI.create(access.baseUrl() + "/sim/stats");
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5));
    if (access.baseUrl().getScheme().equals("https")) {
      builder.sslContext(access.sslContext());
    }
    this.http = builder.build();
    this.json = json;
  }

  void reset() {
    call(
        HttpRequest.newBuilder(URI.create(stats + "/reset"))
            .POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** Key bits handed out since the last reset, summed over every (master, slave) pair. */
  long bitsConsumed() {
    JsonNode totals = call(HttpRequest.newBuilder(stats).GET()).path("totals");
    if (!totals.has("bits_made")) {
      throw new IllegalStateException(stats + " answered without totals.bits_made");
    }
    return totals.path("bits_made").asLong();
  }

  private JsonNode call(HttpRequest.Builder request) {
    try {
      HttpResponse<String> answer =
          http.send(
              request.timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        throw new IllegalStateException(
            answer.request().uri() + " answered " + answer.statusCode() + ": " + answer.body());
      }
      return json.readTree(answer.body());
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach the simulator at " + stats + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + stats, e);
    }
  }
}
