package io.qkdchain.etsi014;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.qkdchain.etsi014.Stubs.Key;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class Etsi014ClientTest {

  @RegisterExtension
  static WireMockExtension kme =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  private Etsi014Client client;

  private Etsi014Client client(HttpForm form, KeyEncoding encoding) {
    return client(form, encoding, Duration.ofSeconds(3));
  }

  private Etsi014Client client(HttpForm form, KeyEncoding encoding, Duration readTimeout) {
    client =
        new Etsi014Client(
            KmeConfig.builder(URI.create(kme.baseUrl()), "peer-1")
                .method(form)
                .keyEncoding(encoding)
                .readTimeout(readTimeout)
                .retry(RetryPolicy.none())
                .build());
    return client;
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  private static final Key K1 = Stubs.key("6f1c0a3e-0000-4000-8000-000000000001", 96, 1);
  private static final Key K2 = Stubs.key("6f1c0a3e-0000-4000-8000-000000000002", 96, 2);

  @Test
  void status_is_read_from_the_path_of_the_slave() {
    kme.stubFor(get(urlEqualTo("/api/v1/keys/peer-2/status")).willReturn(okJson(Stubs.STATUS)));

    KeyStatus status = client(HttpForm.POST, KeyEncoding.BASE64).status("peer-2").block();

    assertThat(status)
        .isEqualTo(
            new KeyStatus(
                "KME-A", "KME-B", "peer-1", "peer-2", 1024, 2500, 100000, 10, 1024, 64, 0, null));
  }

  @Test
  void status_field_names_are_understood_in_any_capitalisation() {
    kme.stubFor(
        get(urlEqualTo("/api/v1/keys/peer-2/status"))
            .willReturn(
                okJson(
                    """
                    {"Source_KME_ID":"A","TARGET_KME_ID":"B","Master_SAE_ID":"peer-1",
                     "Slave_SAE_ID":"peer-2","Key_size":1024,"Stored_key_count":"7",
                     "Max_key_count":100,"Max_key_per_request":10,"Max_key_size":1024,
                     "Min_key_size":4,"Status_extension":{"vendor":"QNu"}}
                    """)));

    KeyStatus status = client(HttpForm.GET, KeyEncoding.HEX).status("peer-2").block();

    assertThat(status.masterSaeId()).isEqualTo("peer-1");
    assertThat(status.storedKeyCount()).isEqualTo(7);
    assertThat(status.maxKeyCount()).isEqualTo(100);
    assertThat(status.minKeySize()).isEqualTo(4);
    assertThat(status.maxSaeIdCount()).isZero();
    assertThat(status.statusExtension().get("vendor").stringValue()).isEqualTo("QNu");
  }

  @Test
  void a_status_missing_a_field_is_malformed() {
    kme.stubFor(
        get(urlEqualTo("/api/v1/keys/peer-2/status"))
            .willReturn(okJson("{\"source_KME_ID\":\"A\",\"key_size\":1024}")));

    assertThatThrownBy(() -> client(HttpForm.GET, KeyEncoding.BASE64).status("peer-2").block())
        .isInstanceOf(MalformedKmeResponse.class)
        .hasMessageContaining("target_KME_ID");
  }

  @Test
  void the_get_form_of_get_key_sends_number_and_size_as_query_parameters() {
    kme.stubFor(
        get(urlPathEqualTo("/api/v1/keys/peer-2/enc_keys"))
            .withQueryParam("number", equalTo("2"))
            .withQueryParam("size", equalTo("768"))
            .willReturn(okJson(Stubs.containerBase64(K1, K2))));

    KeyContainer keys =
        client(HttpForm.GET, KeyEncoding.BASE64).getKeys("peer-2", KeyRequest.of(2, 768)).block();

    assertThat(keys.keyIds()).containsExactly(K1.id(), K2.id());
    assertThat(keys.keys().get(0).material()).isEqualTo(K1.material());
    assertThat(keys.keys().get(1).material()).isEqualTo(K2.material());
  }

  @Test
  void the_post_form_of_get_key_sends_a_key_request_with_its_extensions() {
    kme.stubFor(
        post(urlEqualTo("/api/v1/keys/peer-2/enc_keys"))
            .withRequestBody(
                equalToJson(
                    """
                    {"number":1,"size":768,"additional_slave_SAE_IDs":["peer-3"],
                     "extension_mandatory":[{"route_type":"direct"}]}
                    """))
            .willReturn(okJson(Stubs.containerBase64(K1))));
    KeyRequest request =
        new KeyRequest(1, 768, List.of("peer-3"), List.of(Map.of("route_type", "direct")), null);

    KeyContainer keys =
        client(HttpForm.POST, KeyEncoding.BASE64).getKeys("peer-2", request).block();

    assertThat(keys.keyIds()).containsExactly(K1.id());
    assertThat(keys.keys().get(0).material()).isEqualTo(K1.material());
  }

  @Test
  void extensions_cannot_be_sent_in_the_get_form() {
    KeyRequest request = new KeyRequest(1, 768, List.of("peer-3"), null, null);
    Etsi014Client getOnly = client(HttpForm.GET, KeyEncoding.BASE64);

    assertThatThrownBy(() -> getOnly.getKeys("peer-2", request))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("POST");
  }

  @Test
  void hex_keys_are_decoded_in_either_case() {
    kme.stubFor(
        get(urlPathEqualTo("/api/v1/keys/peer-2/enc_keys"))
            .withQueryParam("number", equalTo("1"))
            .willReturn(okJson(Stubs.containerHex(true, K1))));
    kme.stubFor(
        get(urlPathEqualTo("/api/v1/keys/peer-2/enc_keys"))
            .withQueryParam("number", equalTo("2"))
            .willReturn(okJson(Stubs.containerHex(false, K1, K2))));
    Etsi014Client hex = client(HttpForm.GET, KeyEncoding.HEX);

    assertThat(hex.getKeys("peer-2", KeyRequest.of(1, 768)).block().keys().get(0).material())
        .isEqualTo(K1.material());
    assertThat(hex.getKeys("peer-2", KeyRequest.of(2, 768)).block().keys().get(1).material())
        .isEqualTo(K2.material());
  }

  @Test
  void the_post_form_of_get_key_with_ids_names_the_master_and_returns_keys_in_the_asked_order() {
    kme.stubFor(
        post(urlEqualTo("/api/v1/keys/peer-1/dec_keys"))
            .withRequestBody(
                equalToJson(
                    "{\"key_IDs\":[{\"key_ID\":\"%s\"},{\"key_ID\":\"%s\"}]}"
                        .formatted(K2.id(), K1.id())))
            .willReturn(okJson(Stubs.containerBase64(K1, K2))));

    KeyContainer keys =
        client(HttpForm.POST, KeyEncoding.BASE64)
            .getKeysWithIds("peer-1", List.of(K2.id(), K1.id()))
            .block();

    assertThat(keys.keyIds()).containsExactly(K2.id(), K1.id());
    assertThat(keys.keys().get(0).material()).isEqualTo(K2.material());
  }

  @Test
  void the_get_form_of_get_key_with_ids_asks_for_one_id_per_request() {
    kme.stubFor(
        get(urlPathEqualTo("/api/v1/keys/peer-1/dec_keys"))
            .withQueryParam("key_ID", equalTo(K1.id()))
            .willReturn(okJson(Stubs.containerBase64(K1))));
    kme.stubFor(
        get(urlPathEqualTo("/api/v1/keys/peer-1/dec_keys"))
            .withQueryParam("key_ID", equalTo(K2.id()))
            .willReturn(okJson(Stubs.containerBase64(K2))));

    KeyContainer keys =
        client(HttpForm.GET, KeyEncoding.BASE64)
            .getKeysWithIds("peer-1", List.of(K1.id(), K2.id()))
            .block();

    assertThat(keys.keyIds()).containsExactly(K1.id(), K2.id());
    assertThat(keys.keys().get(1).material()).isEqualTo(K2.material());
    kme.verify(2, getRequestedFor(urlPathEqualTo("/api/v1/keys/peer-1/dec_keys")));
  }

  @Test
  void a_bad_request_carries_the_server_message_and_details() {
    kme.stubFor(
        post(urlEqualTo("/api/v1/keys/peer-2/enc_keys"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"message\":\"size out of range\",\"details\":[{\"max\":1024},\"see status\"]}")));

    assertThatThrownBy(
            () ->
                client(HttpForm.POST, KeyEncoding.BASE64)
                    .getKeys("peer-2", KeyRequest.of(1, 4096))
                    .block())
        .isInstanceOfSatisfying(
            KmeBadRequest.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(400);
              assertThat(e.serverMessage()).isEqualTo("size out of range");
              assertThat(e.details()).containsExactly("{\"max\":1024}", "see status");
              assertThat(e.getMessage()).contains("enc_keys", "400", "size out of range");
            });
    kme.verify(1, postRequestedFor(urlEqualTo("/api/v1/keys/peer-2/enc_keys")));
  }

  @Test
  void unauthorised_is_its_own_error() {
    kme.stubFor(
        post(urlEqualTo("/api/v1/keys/peer-1/dec_keys"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody("{\"message\":\"key not addressed to you\"}")));

    assertThatThrownBy(
            () ->
                client(HttpForm.POST, KeyEncoding.BASE64)
                    .getKeysWithIds("peer-1", List.of(K1.id()))
                    .block())
        .isInstanceOfSatisfying(
            KmeUnauthorized.class,
            e -> assertThat(e.serverMessage()).isEqualTo("key not addressed to you"));
  }

  @Test
  void unavailable_key_material_is_reported_even_with_an_empty_body() {
    kme.stubFor(
        get(urlEqualTo("/api/v1/keys/peer-2/status")).willReturn(aResponse().withStatus(503)));

    assertThatThrownBy(() -> client(HttpForm.POST, KeyEncoding.BASE64).status("peer-2").block())
        .isInstanceOfSatisfying(
            KeyMaterialUnavailable.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(503);
              assertThat(e.serverMessage()).isNull();
              assertThat(e.details()).isEmpty();
            });
  }

  @Test
  void a_status_outside_the_standard_is_unexpected() {
    kme.stubFor(
        get(urlEqualTo("/api/v1/keys/peer-2/status")).willReturn(aResponse().withStatus(500)));

    assertThatThrownBy(() -> client(HttpForm.POST, KeyEncoding.BASE64).status("peer-2").block())
        .isInstanceOfSatisfying(
            KmeUnexpectedStatus.class, e -> assertThat(e.httpStatus()).isEqualTo(500));
  }

  /**
   * The read timeout, not the KME's answer, ends the call: the failure names the read timeout and
   * the one request the KME saw was never answered in time. The wall-clock bound only says the
   * client did not wait for the answer; it leaves 5 s of room on a loaded machine below the 10 s
   * the KME takes.
   */
  @Test
  void a_slow_kme_times_out_as_a_transport_failure() {
    kme.stubFor(
        get(urlEqualTo("/api/v1/keys/peer-2/status"))
            .willReturn(okJson(Stubs.STATUS).withFixedDelay(10_000)));
    Etsi014Client slow = client(HttpForm.POST, KeyEncoding.BASE64, Duration.ofMillis(300));

    long start = System.nanoTime();
    assertThatThrownBy(() -> slow.status("peer-2").block())
        .isInstanceOf(KmeTransportFailure.class)
        .hasMessageContaining("status")
        .hasMessageContaining("ReadTimeoutException");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    kme.verify(1, getRequestedFor(urlEqualTo("/api/v1/keys/peer-2/status")));
  }

  @Test
  void a_refused_connection_is_a_transport_failure() {
    Etsi014Client nowhere =
        new Etsi014Client(
            KmeConfig.builder(URI.create("http://127.0.0.1:1"), "peer-1")
                .retry(RetryPolicy.none())
                .build());
    try (nowhere) {
      assertThatThrownBy(() -> nowhere.status("peer-2").block())
          .isInstanceOf(KmeTransportFailure.class);
    }
  }

  @Test
  void key_ids_and_sae_ids_are_escaped_in_the_url() {
    String odd = "a b&c/d";
    kme.stubFor(
        get(urlPathEqualTo("/api/v1/keys/peer%201/dec_keys"))
            .withQueryParam("key_ID", equalTo(odd))
            .willReturn(okJson(Stubs.container(List.of(Stubs.entry(odd, K1.base64()))))));

    KeyContainer keys =
        client(HttpForm.GET, KeyEncoding.BASE64).getKeysWithIds("peer 1", List.of(odd)).block();

    assertThat(keys.keyIds()).containsExactly(odd);
  }
}
