package io.qkdchain.peer.health;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.qkdchain.etsi014.HttpForm;
import io.qkdchain.etsi014.KeyEncoding;
import io.qkdchain.peer.config.LinkSettings;
import io.qkdchain.peer.config.QkdchainProperties.KeySource;
import io.qkdchain.peer.config.QkdchainProperties.Kme;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.qrng.QrngVoteOrderSource;
import io.qkdchain.qrng.FallbackPolicy;
import io.qkdchain.qrng.QrngConfig;
import io.qkdchain.qrng.QrngUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class HealthIndicatorsTest {

  private static final String STATUS_PATH = "/api/v1/keys/peer-2/status";
  private static final String STATUS_JSON =
      """
      {"source_KME_ID":"kme-1","target_KME_ID":"kme-2","master_SAE_ID":"peer-1",
       "slave_SAE_ID":"peer-2","key_size":256,"stored_key_count":25000,"max_key_count":100000,
       "max_key_per_request":128,"max_key_size":1024,"min_key_size":64,"max_SAE_ID_count":0}
      """;

  private WireMockServer kme;

  @BeforeEach
  void startKme() {
    kme = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    kme.start();
  }

  @AfterEach
  void stopKme() {
    kme.stop();
  }

  private LinkSettings qkdLink() {
    Kme settings =
        new Kme(
            URI.create("http://127.0.0.1:" + kme.port()),
            HttpForm.POST,
            KeyEncoding.BASE64,
            null,
            null,
            null,
            null,
            null,
            Duration.ofSeconds(5),
            Duration.ofSeconds(5));
    return new LinkSettings(
        PeerId.of("peer-2"), "peer-2", KeySource.ETSI014, settings, "qkdchain.keys.kme");
  }

  @Test
  void a_reachable_kme_is_up_with_its_key_count_and_is_asked_once_per_ttl() {
    kme.stubFor(get(urlEqualTo(STATUS_PATH)).willReturn(okJson(STATUS_JSON)));
    KmeHealthIndicator indicator =
        new KmeHealthIndicator(List.of(qkdLink()), "peer-1", Duration.ofMinutes(1));
    try {
      Health health = indicator.health();
      indicator.health();

      assertThat(health.getStatus()).isEqualTo(Status.UP);
      @SuppressWarnings("unchecked")
      Map<String, Object> link =
          (Map<String, Object>) ((Map<?, ?>) health.getDetails().get("links")).get("peer-2");
      assertThat(link).containsEntry("storedKeyCount", 25000).containsEntry("status", "UP");
      kme.verify(1, getRequestedFor(urlEqualTo(STATUS_PATH)));
    } finally {
      indicator.close();
    }
  }

  @Test
  void a_failing_kme_is_down_with_the_kind_of_error() {
    kme.stubFor(
        get(urlEqualTo(STATUS_PATH))
            .willReturn(aResponse().withStatus(401).withBody("{\"message\":\"unknown SAE\"}")));
    KmeHealthIndicator indicator =
        new KmeHealthIndicator(List.of(qkdLink()), "peer-1", Duration.ofMinutes(1));
    try {
      Health health = indicator.health();

      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.getDetails().get("links").toString()).contains("error=unauthorized");
    } finally {
      indicator.close();
    }
  }

  @Test
  void without_qkd_links_the_kme_status_is_unknown_and_says_why() {
    LinkSettings classical =
        new LinkSettings(
            PeerId.of("peer-2"), "peer-2", KeySource.CLASSICAL, null, "qkdchain.keys.kme");
    Health health =
        new KmeHealthIndicator(List.of(classical), "peer-1", Duration.ofSeconds(5)).health();

    assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
    assertThat(health.getDetails().get("kme").toString()).contains("classical");
  }

  private static QrngHealthIndicator qrng(FallbackPolicy policy, Supplier<byte[]> fetch) {
    QrngConfig config =
        QrngConfig.of(URI.create("https://qrng.example"), "secret-key")
            .withFallback(policy, Duration.ofSeconds(30));
    return new QrngHealthIndicator(
        Optional.of(config),
        fetch,
        "https://qrng.example/***/short",
        QrngVoteOrderSource.from(Optional.empty()),
        Duration.ofSeconds(10));
  }

  @Test
  void a_qrng_outage_is_degraded_under_fallback_and_down_under_fail() {
    Supplier<byte[]> outage =
        () -> {
          throw new QrngUnavailableException(
              QrngUnavailableException.Reason.CONNECTION, "connection refused");
        };
    Health degraded = qrng(FallbackPolicy.FALLBACK_SECURERANDOM, outage).health();
    Health down = qrng(FallbackPolicy.FAIL, outage).health();
    Health up = qrng(FallbackPolicy.FAIL, () -> new byte[8]).health();

    assertThat(degraded.getStatus()).isEqualTo(Status.UP);
    assertThat(degraded.getDetails())
        .containsEntry("degraded", true)
        .containsEntry("error", "CONNECTION");
    assertThat(down.getStatus()).isEqualTo(Status.DOWN);
    assertThat(up.getStatus()).isEqualTo(Status.UP);
    assertThat(degraded.getDetails().toString()).doesNotContain("secret-key");
  }

  @Test
  void a_recent_check_is_reused_until_its_ttl_passes() {
    AtomicLong clock = new AtomicLong();
    AtomicLong checks = new AtomicLong();
    RecentHealth recent =
        new RecentHealth(
            () -> Health.up().withDetail("n", checks.incrementAndGet()).build(),
            Duration.ofSeconds(5),
            clock::get);
    recent.get();
    clock.addAndGet(Duration.ofSeconds(4).toNanos());
    recent.get();
    assertThat(checks.get()).isEqualTo(1);
    clock.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(recent.get().getDetails()).containsEntry("n", 2L);
  }
}
