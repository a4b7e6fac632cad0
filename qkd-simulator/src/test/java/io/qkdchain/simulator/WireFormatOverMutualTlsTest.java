package io.qkdchain.simulator;

import static io.qkdchain.simulator.KmeClients.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.etsi014.KeyContainer;
import io.qkdchain.etsi014.KeyRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the project's client cannot be made to send (it validates its requests), and the JSON bodies
 * themselves: error bodies and the stats endpoint.
 */
class WireFormatOverMutualTlsTest extends MutualTlsSimulatorTest {

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void a_size_that_is_not_a_whole_number_of_bytes_is_a_bad_request_with_an_etsi_error_body()
      throws Exception {
    HttpResponse<String> answer =
        exchange("peer-1", "GET", "/api/v1/keys/peer-2/enc_keys?size=100", null);

    assertThat(answer.statusCode()).isEqualTo(400);
    JsonNode error = json.readTree(answer.body());
    assertThat(error.path("message").asString()).contains("multiple of 8");
    assertThat(error.path("details").isArray()).isTrue();
    assertThat(error.path("details").get(0).path("size").asInt()).isEqualTo(100);
  }

  @Test
  void malformed_requests_are_bad_requests() throws Exception {
    assertThat(
            exchange("peer-1", "POST", "/api/v1/keys/peer-2/enc_keys", "{\"number\":").statusCode())
        .isEqualTo(400);
    assertThat(
            exchange("peer-1", "GET", "/api/v1/keys/peer-2/enc_keys?number=two", null).statusCode())
        .isEqualTo(400);
    assertThat(
            exchange("peer-2", "GET", "/api/v1/keys/peer-1/dec_keys?key_ID=not-a-uuid", null)
                .statusCode())
        .isEqualTo(400);
    assertThat(exchange("peer-2", "GET", "/api/v1/keys/peer-1/dec_keys", null).statusCode())
        .isEqualTo(400);
    assertThat(
            exchange("peer-2", "POST", "/api/v1/keys/peer-1/dec_keys", "{\"key_IDs\":[]}")
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void a_key_shared_with_oneself_is_a_bad_request() throws Exception {
    assertThat(exchange("peer-1", "GET", "/api/v1/keys/peer-1/enc_keys", null).statusCode())
        .isEqualTo(400);
  }

  @Test
  void stats_count_the_bits_made_and_read_per_ordered_pair() throws Exception {
    KeyContainer made = await(kme.sae("stats-a").getKeys("stats-b", KeyRequest.of(4, 512)));
    await(kme.sae("stats-b").getKeysWithIds("stats-a", made.keyIds().subList(0, 3)));
    exchange("stats-a", "GET", "/api/v1/keys/stats-b/enc_keys?size=12", null);

    JsonNode stats = json.readTree(exchange("stats-a", "GET", "/sim/stats", null).body());

    JsonNode pair = null;
    for (JsonNode candidate : stats.path("pairs")) {
      if (candidate.path("master_SAE_ID").asString().equals("stats-a")) {
        pair = candidate;
      }
    }
    assertThat(pair).isNotNull();
    assertThat(pair.path("slave_SAE_ID").asString()).isEqualTo("stats-b");
    assertThat(pair.path("keys_made").asLong()).isEqualTo(4);
    assertThat(pair.path("bits_made").asLong()).isEqualTo(2048);
    assertThat(pair.path("keys_read").asLong()).isEqualTo(3);
    assertThat(pair.path("bits_read").asLong()).isEqualTo(1536);
    assertThat(stats.path("requests").path("enc_keys").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(stats.path("requests").path("dec_keys").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(stats.path("errors").path("400").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(stats.path("totals").path("bits_made").asLong()).isGreaterThanOrEqualTo(2048);
  }
}
