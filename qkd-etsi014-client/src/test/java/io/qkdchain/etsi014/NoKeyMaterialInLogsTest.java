package io.qkdchain.etsi014;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.qkdchain.etsi014.Stubs.Key;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

class NoKeyMaterialInLogsTest {

  @RegisterExtension
  static WireMockExtension kme =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  private static final Key KEY = Stubs.key("5d7e4c2a-1b3f-4e5d-9a8b-7c6d5e4f3a2b", 128, 42);

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger packageLogger = (Logger) LoggerFactory.getLogger("io.qkdchain.etsi014");
  private Etsi014Client client;

  @BeforeEach
  void listen() {
    logs.start();
    packageLogger.addAppender(logs);
    client =
        new Etsi014Client(
            KmeConfig.builder(URI.create(kme.baseUrl()), "peer-1")
                .retry(
                    new RetryPolicy(
                        1, Duration.ofMillis(10), Duration.ofMillis(10), 0, Duration.ofSeconds(2)))
                .build());
  }

  @AfterEach
  void stopListening() {
    packageLogger.detachAppender(logs);
    client.close();
  }

  @Test
  void a_round_logs_key_ids_but_never_key_bytes() {
    kme.stubFor(
        get(urlEqualTo("/api/v1/keys/peer-2/status"))
            .willReturn(okJson(Stubs.status(1024, 10, 1024, 64))));
    kme.stubFor(
        post(urlEqualTo("/api/v1/keys/peer-2/enc_keys"))
            .willReturn(okJson(Stubs.containerBase64(KEY))));

    new RoundKeys(client).fetchForSlave("peer-2", 1024).block().close();

    List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(lines)
        .anySatisfy(line -> assertThat(line).isEqualTo("QKD key received. Key ID: " + KEY.id()))
        .anySatisfy(
            line ->
                assertThat(line).startsWith("Requesting 1 key(s) of 1024 bits from KME http://"));
    assertThat(String.join("\n", lines))
        .doesNotContain(KEY.base64())
        .doesNotContain(KEY.base64().substring(0, 12))
        .doesNotContain(KEY.hex().substring(0, 12));
  }

  @Test
  void a_malformed_answer_keeps_key_text_out_of_logs_and_errors() {
    String leaked = "QUJDREVGR0hJSktMTU5PUA=="; // valid base64, but of the wrong size
    kme.stubFor(
        post(urlEqualTo("/api/v1/keys/peer-2/enc_keys"))
            .willReturn(okJson(Stubs.container(List.of(Stubs.entry("x1", leaked))))));
    assertThatThrownBy(() -> client.getKeys("peer-2", KeyRequest.of(1, 1024)).block())
        .isInstanceOf(MalformedKmeResponse.class)
        .hasMessageNotContaining(leaked);
    assertThat(logs.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(m -> m.contains(leaked));
  }
}
