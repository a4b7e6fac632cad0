package io.qkdchain.etsi014;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RetryTest {

  @RegisterExtension
  static WireMockExtension kme =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  private static final String STATUS = "/api/v1/keys/peer-2/status";

  private Etsi014Client client;

  private Etsi014Client client(RetryPolicy retry) {
    return client(retry, Duration.ofSeconds(3));
  }

  private Etsi014Client client(RetryPolicy retry, Duration readTimeout) {
    client =
        new Etsi014Client(
            KmeConfig.builder(URI.create(kme.baseUrl()), "peer-1")
                .readTimeout(readTimeout)
                .retry(retry)
                .build());
    return client;
  }

  @AfterEach
  void close() {
    client.close();
  }

  private static RetryPolicy quick(int retries, Duration deadline) {
    return new RetryPolicy(retries, Duration.ofMillis(20), Duration.ofMillis(80), 0.5, deadline);
  }

  /** Answers in turn with each response, then keeps giving the last. */
  private static void answerInTurn(ResponseDefinitionBuilder... responses) {
    for (int i = 0; i < responses.length; i++) {
      kme.stubFor(
          get(urlEqualTo(STATUS))
              .inScenario("turns")
              .whenScenarioStateIs(turn(i))
              .willReturn(responses[i])
              .willSetStateTo(turn(Math.min(i + 1, responses.length - 1))));
    }
  }

  private static String turn(int index) {
    return index == 0 ? STARTED : "turn " + index;
  }

  @Test
  void unavailable_key_material_is_retried_until_it_arrives() {
    answerInTurn(aResponse().withStatus(503), aResponse().withStatus(503), okJson(Stubs.STATUS));

    KeyStatus status = client(quick(5, Duration.ofSeconds(5))).status("peer-2").block();

    assertThat(status.keySize()).isEqualTo(1024);
    kme.verify(3, getRequestedFor(urlEqualTo(STATUS)));
  }

  /**
   * The first answer comes after 10 s, far past the 2 s read timeout; the second at once, with 2 s
   * of room on a loaded machine to arrive before the read timeout.
   */
  @Test
  void a_read_timeout_is_retried() {
    answerInTurn(okJson(Stubs.STATUS).withFixedDelay(10_000), okJson(Stubs.STATUS));

    KeyStatus status =
        client(quick(3, Duration.ofSeconds(30)), Duration.ofSeconds(2)).status("peer-2").block();

    assertThat(status.keySize()).isEqualTo(1024);
    kme.verify(2, getRequestedFor(urlEqualTo(STATUS)));
  }

  @Test
  void a_bad_request_is_not_retried() {
    answerInTurn(aResponse().withStatus(400), okJson(Stubs.STATUS));

    assertThatThrownBy(() -> client(quick(5, Duration.ofSeconds(5))).status("peer-2").block())
        .isInstanceOf(KmeBadRequest.class);
    kme.verify(1, getRequestedFor(urlEqualTo(STATUS)));
  }

  @Test
  void unauthorised_is_not_retried() {
    answerInTurn(aResponse().withStatus(401), okJson(Stubs.STATUS));

    assertThatThrownBy(() -> client(quick(5, Duration.ofSeconds(5))).status("peer-2").block())
        .isInstanceOf(KmeUnauthorized.class);
    kme.verify(1, getRequestedFor(urlEqualTo(STATUS)));
  }

  @Test
  void retries_stop_after_the_allowed_number_with_the_last_failure() {
    answerInTurn(aResponse().withStatus(503).withBody("{\"message\":\"store empty\"}"));

    assertThatThrownBy(() -> client(quick(3, Duration.ofSeconds(5))).status("peer-2").block())
        .isInstanceOfSatisfying(
            KeyMaterialUnavailable.class,
            e -> assertThat(e.serverMessage()).isEqualTo("store empty"));
    kme.verify(4, getRequestedFor(urlEqualTo(STATUS)));
  }

  /**
   * 1,000 retries allowed, a deadline of 1 s, and each attempt takes at least 100 ms: the request
   * journal shows at most 11 attempts (the last may begin just before the deadline), where ignoring
   * the deadline would make 1,001. The wall-clock bound only stops a broken deadline from running
   * the 100 s those would take; it leaves 9 s of room on a loaded machine.
   */
  @Test
  void no_retry_starts_after_the_deadline() {
    answerInTurn(aResponse().withStatus(503).withFixedDelay(100));
    Etsi014Client bounded = client(quick(1000, Duration.ofSeconds(1)));

    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertThatThrownBy(() -> bounded.status("peer-2").block())
                .isInstanceOf(KeyMaterialUnavailable.class));

    int attempts = kme.findAll(getRequestedFor(urlEqualTo(STATUS))).size();
    assertThat(attempts).as("attempts within a 1 s deadline").isBetween(2, 11);
  }

  @Test
  void backoff_grows_between_attempts() {
    answerInTurn(aResponse().withStatus(503));
    RetryPolicy noJitter =
        new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), 0, Duration.ofSeconds(5));

    long start = System.nanoTime();
    assertThatThrownBy(() -> client(noJitter).status("peer-2").block())
        .isInstanceOf(KeyMaterialUnavailable.class);

    // Waits of 100, 200 and 400 ms.
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(700));
    kme.verify(4, getRequestedFor(urlEqualTo(STATUS)));
  }
}
