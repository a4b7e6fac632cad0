package io.qkdchain.etsi014;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.qkdchain.etsi014.Stubs.Key;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Master and slave sides of a round key, over one stub KME that plays both ends' KMEs. */
class RoundKeysTest {

  @RegisterExtension
  static WireMockExtension kme =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  private static final String STATUS = "/api/v1/keys/peer-2/status";
  private static final String ENC = "/api/v1/keys/peer-2/enc_keys";
  private static final String DEC = "/api/v1/keys/peer-1/dec_keys";

  private static final Key K1 = Stubs.key("k1", 128, 1);
  private static final Key K2 = Stubs.key("k2", 128, 2);
  private static final Key K3 = Stubs.key("k3", 128, 3);

  private Etsi014Client client;

  @BeforeEach
  void open() {
    client =
        new Etsi014Client(
            KmeConfig.builder(URI.create(kme.baseUrl()), "peer-1")
                .readTimeout(Duration.ofSeconds(3))
                .retry(RetryPolicy.none())
                .build());
  }

  @AfterEach
  void close() {
    client.close();
  }

  private static void enc(int number, int size, Key... keys) {
    kme.stubFor(
        post(urlEqualTo(ENC))
            .withRequestBody(equalToJson("{\"number\":%d,\"size\":%d}".formatted(number, size)))
            .willReturn(okJson(Stubs.containerBase64(keys))));
  }

  private static byte[] concat(Key... keys) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Stream.of(keys).forEach(k -> out.writeBytes(k.material()));
    return out.toByteArray();
  }

  @Test
  void a_round_key_larger_than_one_key_is_split_over_requests_and_assembled_in_order() {
    kme.stubFor(get(urlEqualTo(STATUS)).willReturn(okJson(Stubs.status(1024, 2, 1024, 64))));
    enc(2, 1024, K2, K1);
    enc(1, 1024, K3);

    try (SharedKey key = new RoundKeys(client).fetchForSlave("peer-2", 3072).block()) {
      assertThat(key.keyIds()).containsExactly("k2", "k1", "k3");
      assertThat(key.bits()).isEqualTo(3072);
      assertThat(key.takeBytes()).isEqualTo(concat(K2, K1, K3));
    }
    kme.verify(2, postRequestedFor(urlEqualTo(ENC)));
  }

  @Test
  void the_slave_gets_the_same_bytes_from_the_same_ids_in_the_same_order() {
    // The KME answers in its own order and over two requests; the exchanged order wins.
    kme.stubFor(
        post(urlEqualTo(DEC))
            .withRequestBody(equalToJson("{\"key_IDs\":[{\"key_ID\":\"k2\"},{\"key_ID\":\"k1\"}]}"))
            .willReturn(okJson(Stubs.containerBase64(K1, K2))));
    kme.stubFor(
        post(urlEqualTo(DEC))
            .withRequestBody(equalToJson("{\"key_IDs\":[{\"key_ID\":\"k3\"}]}"))
            .willReturn(okJson(Stubs.containerBase64(K3))));
    RoundKeys slave = new RoundKeys(client, Duration.ofMinutes(1), 2);

    try (SharedKey key = slave.fetchFromMaster("peer-1", List.of("k2", "k1", "k3"), 3072).block()) {
      assertThat(key.keyIds()).containsExactly("k2", "k1", "k3");
      assertThat(key.takeBytes()).isEqualTo(concat(K2, K1, K3));
    }
    kme.verify(2, postRequestedFor(urlEqualTo(DEC)));
  }

  @Test
  void keys_larger_than_the_round_needs_are_cut_the_same_way_on_both_sides() {
    kme.stubFor(get(urlEqualTo(STATUS)).willReturn(okJson(Stubs.status(1024, 10, 1024, 1024))));
    enc(1, 1024, K1);
    kme.stubFor(post(urlEqualTo(DEC)).willReturn(okJson(Stubs.containerBase64(K1))));
    RoundKeys roundKeys = new RoundKeys(client);

    byte[] master = roundKeys.fetchForSlave("peer-2", 256).block().takeBytes();
    byte[] slave = roundKeys.fetchFromMaster("peer-1", List.of("k1"), 256).block().takeBytes();

    assertThat(master).isEqualTo(Arrays.copyOf(K1.material(), 32)).isEqualTo(slave);
  }

  @Test
  void the_slave_refuses_keys_too_short_for_the_round() {
    kme.stubFor(post(urlEqualTo(DEC)).willReturn(okJson(Stubs.containerBase64(K1))));

    assertThatThrownBy(
            () -> new RoundKeys(client).fetchFromMaster("peer-1", List.of("k1"), 2048).block())
        .isInstanceOf(MalformedKmeResponse.class)
        .hasMessageContaining("hold 1024 bits, the round needs 2048");
  }

  @Test
  void the_status_is_read_once_and_reused() {
    kme.stubFor(get(urlEqualTo(STATUS)).willReturn(okJson(Stubs.status(1024, 10, 1024, 64))));
    enc(1, 1024, K1);
    RoundKeys roundKeys = new RoundKeys(client);

    roundKeys.fetchForSlave("peer-2", 1024).block().close();
    roundKeys.fetchForSlave("peer-2", 1024).block().close();

    kme.verify(1, getRequestedFor(urlEqualTo(STATUS)));
    kme.verify(2, postRequestedFor(urlEqualTo(ENC)));
  }

  @Test
  void a_refused_request_makes_the_next_round_read_the_status_again() {
    kme.stubFor(get(urlEqualTo(STATUS)).willReturn(okJson(Stubs.status(1024, 10, 1024, 64))));
    kme.stubFor(post(urlEqualTo(ENC)).willReturn(aResponse().withStatus(400)));
    RoundKeys roundKeys = new RoundKeys(client);

    assertThatThrownBy(() -> roundKeys.fetchForSlave("peer-2", 1024).block())
        .isInstanceOf(KmeBadRequest.class);
    assertThatThrownBy(() -> roundKeys.fetchForSlave("peer-2", 1024).block())
        .isInstanceOf(KmeBadRequest.class);

    kme.verify(2, getRequestedFor(urlEqualTo(STATUS)));
  }

  @Test
  void a_failure_in_a_later_request_gives_no_key_at_all() {
    kme.stubFor(get(urlEqualTo(STATUS)).willReturn(okJson(Stubs.status(1024, 2, 1024, 64))));
    enc(2, 1024, K1, K2);
    kme.stubFor(
        post(urlEqualTo(ENC))
            .withRequestBody(equalToJson("{\"number\":1,\"size\":1024}"))
            .willReturn(aResponse().withStatus(503)));

    assertThatThrownBy(() -> new RoundKeys(client).fetchForSlave("peer-2", 3072).block())
        .isInstanceOf(KeyMaterialUnavailable.class);
  }

  @Test
  void the_bytes_of_a_shared_key_can_be_taken_only_once() {
    kme.stubFor(get(urlEqualTo(STATUS)).willReturn(okJson(Stubs.status(1024, 10, 1024, 64))));
    enc(1, 1024, K1);
    SharedKey key = new RoundKeys(client).fetchForSlave("peer-2", 1024).block();

    key.takeBytes();

    assertThatThrownBy(key::takeBytes)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("k1");
    assertThat(key.toString()).isEqualTo("SharedKey[keyIds=[k1], bits=1024]");
  }

  @Test
  void closing_a_shared_key_zeroes_it_and_forbids_taking_it() {
    SharedKey key =
        SharedKey.assemble(List.of(new QkdKey("k9", new byte[] {1, 2, 3}, null, null)), 24, "test");

    key.close();

    assertThatThrownBy(key::takeBytes).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void assembling_zeroes_the_source_keys() {
    byte[] material = {7, 7, 7, 7};
    SharedKey key = SharedKey.assemble(List.of(new QkdKey("k9", material, null, null)), 16, "test");

    assertThat(key.takeBytes()).containsExactly(7, 7);
    assertThat(material).containsOnly(0);
  }
}
