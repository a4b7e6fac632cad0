package io.qkdchain.qrng;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.qkdchain.qrng.QrngAnswers.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.qkdchain.qrng.QrngUnavailableException.Reason;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class QrngClientTest {

  private static final String SHORT_PATH = "/" + KEY + "/qbck/block/short";

  @RegisterExtension
  static WireMockExtension qrng =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  @Test
  void a_short_block_becomes_its_fifteen_bit_values_in_order() {
    qrng.stubFor(
        get(urlPathEqualTo(SHORT_PATH)).willReturn(okJson(QrngAnswers.shorts(0x7FFF, 0x0000))));

    byte[] entropy = client(config().withBatchSize(2)).fetchEntropy();

    // Fifteen ones, fifteen zeros; the last six bits do not fill a byte and are dropped.
    assertThat(entropy).containsExactly(0xFF, 0xFE, 0x00);
    qrng.verify(
        getRequestedFor(urlPathEqualTo(SHORT_PATH))
            .withQueryParam("size", equalTo("2"))
            .withQueryParam("min", equalTo("0"))
            .withQueryParam("max", equalTo("32767")));
  }

  @Test
  void hex_and_bin_blocks_become_their_digits_bits() {
    qrng.stubFor(
        get(urlPathEqualTo("/" + KEY + "/qbck/block/hex"))
            .withQueryParam("length", equalTo("4"))
            .willReturn(okJson(QrngAnswers.strings("a1F0", "7c"))));
    qrng.stubFor(
        get(urlPathEqualTo("/" + KEY + "/qbck/block/bin"))
            .willReturn(okJson(QrngAnswers.strings("1000", "0001", "1111"))));

    assertThat(client(config().withBlockType(BlockType.HEX, 4)).fetchEntropy())
        .containsExactly(0xA1, 0xF0, 0x7C);
    // Twelve bits make one whole byte; the trailing four are dropped.
    assertThat(client(config().withBlockType(BlockType.BIN, 4)).fetchEntropy())
        .containsExactly(0x81);
  }

  @Test
  void an_error_inside_an_http_200_answer_is_a_failure() {
    qrng.stubFor(get(urlPathEqualTo(SHORT_PATH)).willReturn(okJson(QrngAnswers.WRONG_KEY_ANSWER)));

    QrngUnavailableException failure = failureOf(config());

    assertThat(failure.reason()).isEqualTo(Reason.API_ERROR);
    assertThat(failure).hasMessageContaining("status '404'").hasMessageContaining("Wrong key");
  }

  @Test
  void a_body_status_other_than_200_is_a_failure_even_without_an_error_text() {
    qrng.stubFor(
        get(urlPathEqualTo(SHORT_PATH))
            .willReturn(okJson("{\"data\":{\"result\":[1,2]},\"error\":\"\",\"status\":503}")));

    assertThat(failureOf(config()).reason()).isEqualTo(Reason.API_ERROR);
  }

  @Test
  void an_http_500_is_a_failure() {
    qrng.stubFor(get(urlPathEqualTo(SHORT_PATH)).willReturn(serverError().withBody("boom")));

    QrngUnavailableException failure = failureOf(config());

    assertThat(failure.reason()).isEqualTo(Reason.HTTP_STATUS);
    assertThat(failure).hasMessageContaining("HTTP 500").hasMessageContaining("/***/qbck");
  }

  /**
   * The failure is a timeout, so the client gave up rather than read the answer; the wall-clock
   * bound only says it did not wait for the answer, with 5 s of room on a loaded machine below the
   * 10 s the QRNG takes.
   */
  @Test
  void a_slow_answer_times_out_within_the_configured_bound() {
    qrng.stubFor(
        get(urlPathEqualTo(SHORT_PATH))
            .willReturn(okJson(QrngAnswers.shorts(1, 2)).withFixedDelay(10_000)));
    QrngConfig config = config().withTimeouts(Duration.ofMillis(300), Duration.ofMillis(300));

    long started = System.nanoTime();
    QrngUnavailableException failure = failureOf(config);
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(failure.reason()).isEqualTo(Reason.TIMEOUT);
    assertThat(failure).hasMessageContaining("timed out");
    assertThat(elapsedMillis).isLessThan(5_000);
  }

  @Test
  void malformed_answers_are_failures() {
    String[] bodies = {
      "{\"data\":{\"result\":[1,2",
      "not json at all",
      "",
      "[1,2,3]",
      "{\"data\":{\"result\":[]},\"error\":\"\",\"status\":200}",
      "{\"data\":{},\"error\":\"\",\"status\":200}",
      QrngAnswers.shorts(32_768),
      QrngAnswers.shorts(-1),
      QrngAnswers.strings("12")
    };
    for (String body : bodies) {
      qrng.stubFor(get(urlPathEqualTo(SHORT_PATH)).willReturn(okJson(body)));

      assertThat(failureOf(config()).reason()).as(body).isEqualTo(Reason.MALFORMED_ANSWER);
    }
  }

  @Test
  void a_refused_connection_is_a_failure() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    QrngConfig config = QrngConfig.of(URI.create("http://127.0.0.1:" + closedPort), KEY);

    assertThat(failureOf(config).reason()).isEqualTo(Reason.CONNECTION);
  }

  @Test
  void the_api_key_appears_in_no_message_stack_trace_or_log_line() {
    QrngConfig fast = config().withTimeouts(Duration.ofMillis(300), Duration.ofMillis(300));
    try (LogCapture logs = new LogCapture()) {
      StringWriter traces = new StringWriter();
      PrintWriter out = new PrintWriter(traces);

      qrng.stubFor(get(urlPathEqualTo(SHORT_PATH)).willReturn(okJson(QrngAnswers.shorts(7))));
      client(fast).fetchEntropy();
      qrng.stubFor(
          get(urlPathEqualTo(SHORT_PATH))
              .willReturn(okJson("{\"error\":\"Bad\",\"message\":\"key " + KEY + "\"}")));
      failureOf(fast).printStackTrace(out);
      qrng.stubFor(get(urlPathEqualTo(SHORT_PATH)).willReturn(serverError()));
      failureOf(fast).printStackTrace(out);
      qrng.stubFor(get(urlPathEqualTo(SHORT_PATH)).willReturn(aResponse().withFixedDelay(2_000)));
      failureOf(fast).printStackTrace(out);
      qrng.stubFor(get(urlPathEqualTo(SHORT_PATH)).willReturn(okJson("{oops")));
      failureOf(fast).printStackTrace(out);
      out.flush();

      assertThat(traces.toString()).contains("QrngUnavailableException").doesNotContain(KEY);
      assertThat(logs.text()).contains("/***/qbck").doesNotContain(KEY);
    }
  }

  private QrngConfig config() {
    return QrngConfig.of(URI.create(qrng.baseUrl()), KEY);
  }

  private static QrngClient client(QrngConfig config) {
    return new QrngClient(config);
  }

  private static QrngUnavailableException failureOf(QrngConfig config) {
    QrngUnavailableException failure =
        catchThrowableOfType(QrngUnavailableException.class, client(config)::fetchEntropy);
    assertThat(failure).as("fetchEntropy should have failed").isNotNull();
    return failure;
  }
}
