package io.qkdchain.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdchain.qrng.BlockType;
import io.qkdchain.qrng.QrngClient;
import io.qkdchain.qrng.QrngConfig;
import io.qkdchain.qrng.QrngRandomSource;
import io.qkdchain.qrng.QrngUnavailableException;
import java.net.URI;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The QRNG endpoint through the project's qrng-client, over HTTPS without a client certificate (the
 * QRNG API authenticates by API key), and its answer shapes as the real service gives them.
 */
class QrngOverHttpsTest extends MutualTlsSimulatorTest {

  private final JsonMapper json = JsonMapper.builder().build();

  private QrngConfig config(String apiKey) {
    return QrngConfig.of(URI.create("https://127.0.0.1:" + port), apiKey)
        .withCaCertificate(TestPki.shared().caCertificate());
  }

  @Test
  void the_project_client_draws_entropy_from_short_hex_and_bin_blocks() {
    byte[] shorts = new QrngClient(config("sim-qrng-key").withBatchSize(64)).fetchEntropy();
    byte[] hex =
        new QrngClient(config("sim-qrng-key").withBatchSize(8).withBlockType(BlockType.HEX, 32))
            .fetchEntropy();
    byte[] bin =
        new QrngClient(config("sim-qrng-key").withBatchSize(8).withBlockType(BlockType.BIN, 64))
            .fetchEntropy();

    assertThat(shorts).hasSize(64 * 15 / 8);
    assertThat(hex).hasSize(8 * 32 * 4 / 8);
    assertThat(bin).hasSize(8 * 64 / 8);
    assertThat(IntStream.range(0, hex.length).map(i -> hex[i]).distinct().count())
        .isGreaterThan(16);
  }

  @Test
  void the_project_random_source_draws_every_value_of_a_small_range() {
    QrngRandomSource source = new QrngRandomSource(config("sim-qrng-key").withBatchSize(256));
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      seen.add(source.nextInt(4));
    }
    assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3);
  }

  @Test
  void a_wrong_api_key_is_an_error_inside_an_http_200_that_the_client_reports() throws Exception {
    var answer = exchange("peer-1", "GET", "/not-the-key/qbck/block/short?size=3", null);
    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode body = json.readTree(answer.body());
    assertThat(body.path("status").asInt()).isEqualTo(404);
    assertThat(body.path("error").asString()).isEqualTo("Not Found");
    assertThat(body.path("message").asString()).isEqualTo("Wrong key");

    assertThatThrownBy(() -> new QrngClient(config("not-the-key")).fetchEntropy())
        .isInstanceOfSatisfying(
            QrngUnavailableException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(QrngUnavailableException.Reason.API_ERROR);
              assertThat(e.getMessage()).doesNotContain("not-the-key");
            });
  }

  @Test
  void a_short_block_has_the_documented_shape_and_stays_in_range() throws Exception {
    var answer =
        exchange("peer-1", "GET", "/sim-qrng-key/qbck/block/short?size=50&min=3&max=5", null);

    JsonNode body = json.readTree(answer.body());
    assertThat(body.path("status").asInt()).isEqualTo(200);
    assertThat(body.path("error").asString()).isEmpty();
    assertThat(body.path("timestamp").asString()).isNotEmpty();
    assertThat(body.path("data").path("QuantisRead").asLong()).isEqualTo(100);
    assertThat(body.path("data").path("ExecuteTime").asString()).isNotEmpty();
    JsonNode result = body.path("data").path("result");
    assertThat(result.size()).isEqualTo(50);
    result.forEach(value -> assertThat(value.asInt()).isBetween(3, 5));
  }

  @Test
  void bad_parameters_are_errors_inside_an_http_200() throws Exception {
    for (String query :
        new String[] {
          "short?size=0",
          "short?size=10001",
          "short?size=2&min=5&max=1",
          "short?size=2&max=40000",
          "double?size=2&min=1&max=1",
          "hex?size=2&length=0",
          "short?size=many",
          "triple?size=1"
        }) {
      var answer = exchange("peer-1", "GET", "/sim-qrng-key/qbck/block/" + query, null);
      assertThat(answer.statusCode()).as(query).isEqualTo(200);
      JsonNode body = json.readTree(answer.body());
      assertThat(body.path("status").asInt()).as(query).isEqualTo(400);
      assertThat(body.path("message").asString()).as(query).isNotBlank();
    }
  }

  @Test
  void long_and_double_blocks_are_served_in_their_ranges() throws Exception {
    JsonNode longs =
        json.readTree(
            exchange("peer-1", "GET", "/sim-qrng-key/qbck/block/long?size=20&min=-7&max=7", null)
                .body());
    JsonNode doubles =
        json.readTree(
            exchange("peer-1", "GET", "/sim-qrng-key/qbck/block/double?size=20", null).body());

    longs.path("data").path("result").forEach(v -> assertThat(v.asLong()).isBetween(-7L, 7L));
    doubles
        .path("data")
        .path("result")
        .forEach(v -> assertThat(v.asDouble()).isGreaterThanOrEqualTo(0).isLessThan(1));
    assertThat(doubles.path("data").path("result").size()).isEqualTo(20);
  }
}
