package io.qkdchain.etsi014;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.qkdchain.etsi014.Stubs.Key;
import java.net.URI;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Success answers that must be rejected whole, without quoting key material. */
class MalformedAnswerTest {

  @RegisterExtension
  static WireMockExtension kme =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  private static final Key K1 = Stubs.key("a1", 96, 1);
  private static final Key K2 = Stubs.key("a2", 96, 2);
  private static final String ENC = "/api/v1/keys/peer-2/enc_keys";
  private static final String DEC = "/api/v1/keys/peer-1/dec_keys";

  private Etsi014Client client;

  @BeforeEach
  void open() {
    client =
        new Etsi014Client(
            KmeConfig.builder(URI.create(kme.baseUrl()), "peer-1")
                .retry(RetryPolicy.none())
                .build());
  }

  @AfterEach
  void close() {
    client.close();
  }

  private AbstractThrowableAssert<?, ? extends Throwable> encKeysAnswered(
      String body, KeyRequest request) {
    kme.stubFor(post(urlEqualTo(ENC)).willReturn(okJson(body)));
    return assertThatThrownBy(() -> client.getKeys("peer-2", request).block())
        .isInstanceOf(MalformedKmeResponse.class);
  }

  @Test
  void a_body_that_is_not_json_is_malformed() {
    kme.stubFor(
        post(urlEqualTo(ENC)).willReturn(aResponse().withBody("{\"keys\":[{\"key\":\"c2VjcmV0")));
    assertThatThrownBy(() -> client.getKeys("peer-2", KeyRequest.of(1, 768)).block())
        .isInstanceOf(MalformedKmeResponse.class)
        .hasMessageContaining("not JSON")
        .hasMessageNotContaining("c2VjcmV0");
  }

  @Test
  void bad_base64_is_malformed_and_not_quoted() {
    encKeysAnswered(
            Stubs.container(List.of(Stubs.entry("a1", "se-cret_key"))), KeyRequest.of(1, 768))
        .hasMessageContaining("a1")
        .hasMessageContaining("base64")
        .hasMessageNotContaining("se-cret");
  }

  @Test
  void url_safe_base64_is_not_standard_base64() {
    encKeysAnswered(Stubs.container(List.of(Stubs.entry("a1", "ab-_"))), KeyRequest.of(1, 24))
        .hasMessageContaining("base64");
  }

  @Test
  void an_answer_without_keys_is_malformed() {
    encKeysAnswered("{\"keys\":[]}", KeyRequest.of(1, 768)).hasMessageContaining("empty");
    encKeysAnswered("{\"key_container_extension\":{}}", KeyRequest.of(1, 768))
        .hasMessageContaining("keys");
  }

  @Test
  void fewer_keys_than_asked_for_is_malformed() {
    encKeysAnswered(Stubs.containerBase64(K1), KeyRequest.of(2, 768))
        .hasMessageContaining("asked for 2 key(s), got 1");
  }

  @Test
  void a_key_of_the_wrong_size_is_malformed() {
    encKeysAnswered(Stubs.containerBase64(K1), KeyRequest.of(1, 1024))
        .hasMessageContaining("a1 has 768 bits, asked for 1024");
  }

  @Test
  void a_key_id_given_twice_is_malformed() {
    encKeysAnswered(Stubs.containerBase64(K1, K1), KeyRequest.of(2, 768))
        .hasMessageContaining("twice");
  }

  @Test
  void a_key_id_that_was_not_asked_for_is_malformed() {
    kme.stubFor(post(urlEqualTo(DEC)).willReturn(okJson(Stubs.containerBase64(K1, K2))));
    assertThatThrownBy(() -> client.getKeysWithIds("peer-1", List.of("a1", "a3")).block())
        .isInstanceOf(MalformedKmeResponse.class)
        .hasMessageContaining("not asked for: [a2]")
        .hasMessageContaining("missing: [a3]");
  }

  @Test
  void a_missing_key_id_is_malformed_even_when_the_rest_are_right() {
    kme.stubFor(post(urlEqualTo(DEC)).willReturn(okJson(Stubs.containerBase64(K1))));
    assertThatThrownBy(() -> client.getKeysWithIds("peer-1", List.of("a1", "a2")).block())
        .isInstanceOf(MalformedKmeResponse.class)
        .hasMessageContaining("missing: [a2]");
  }
}
