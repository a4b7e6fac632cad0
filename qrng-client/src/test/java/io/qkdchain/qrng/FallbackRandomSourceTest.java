package io.qkdchain.qrng;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.qkdchain.qrng.QrngAnswers.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.qkdchain.qrng.QrngUnavailableException.Reason;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FallbackRandomSourceTest {

  private static final List<String> PEERS = List.of("p0", "p1", "p2", "p3", "p4", "p5");
  private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

  @RegisterExtension
  static WireMockExtension qrng =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  private final FlakyQrng flaky = new FlakyQrng();
  private final ManualClock clock = new ManualClock();

  @Test
  void a_healthy_qrng_serves_the_order() {
    FallbackRandomSource source = source(FallbackPolicy.FALLBACK_SECURERANDOM);

    DrawnOrder<String> drawn = source.shuffle(PEERS);

    assertThat(drawn.origin()).isEqualTo(Origin.QRNG);
    assertThat(drawn.fromQrng()).isTrue();
    assertThat(drawn.order()).containsExactlyInAnyOrderElementsOf(PEERS);
    assertThat(source.fallbackCount()).isZero();
  }

  @Test
  void under_the_fail_policy_an_outage_is_a_clear_error() {
    FallbackRandomSource source = source(FallbackPolicy.FAIL);
    flaky.down = true;

    assertThatThrownBy(() -> source.shuffle(PEERS))
        .isInstanceOfSatisfying(
            QrngUnavailableException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT))
        .hasMessageContaining("fallback policy is 'fail'");
    assertThat(source.fallbackCount()).isZero();
    assertThat(source.lastOrigin()).isNull();
  }

  @Test
  void under_the_fallback_policy_an_outage_is_served_logged_and_counted() {
    FallbackRandomSource source = source(FallbackPolicy.FALLBACK_SECURERANDOM);
    flaky.down = true;

    try (LogCapture logs = new LogCapture()) {
      DrawnOrder<String> first = source.shuffle(PEERS);
      DrawnOrder<String> second = source.shuffle(PEERS);

      assertThat(first.origin()).isEqualTo(Origin.SECURE_RANDOM);
      assertThat(second.origin()).isEqualTo(Origin.SECURE_RANDOM);
      assertThat(first.order()).containsExactlyInAnyOrderElementsOf(PEERS);
      assertThat(source.fallbackCount()).isEqualTo(2);
      assertThat(source.lastOrigin()).isEqualTo(Origin.SECURE_RANDOM);
      assertThat(logs.text()).contains("WARN").contains("serving draws from SecureRandom");
    }
  }

  @Test
  void after_a_failure_the_qrng_is_left_alone_until_the_retry_time_then_used_again() {
    FallbackRandomSource source = source(FallbackPolicy.FALLBACK_SECURERANDOM);
    flaky.down = true;
    source.shuffle(PEERS);
    int attemptsDuringOutage = flaky.attempts;
    flaky.down = false;

    clock.advance(RETRY_AFTER.minusSeconds(1));
    assertThat(source.shuffle(PEERS).origin()).isEqualTo(Origin.SECURE_RANDOM);
    assertThat(flaky.attempts).isEqualTo(attemptsDuringOutage);

    clock.advance(Duration.ofSeconds(1));
    assertThat(source.shuffle(PEERS).origin()).isEqualTo(Origin.QRNG);
    assertThat(source.nextInt(10)).isBetween(0, 9);
    assertThat(source.lastOrigin()).isEqualTo(Origin.QRNG);
    assertThat(source.fallbackCount()).isEqualTo(2);
  }

  @Test
  void a_permutation_the_qrng_fails_halfway_through_is_drawn_wholly_from_secure_random() {
    flaky.failAfterDraws = 2;
    FallbackRandomSource source =
        new FallbackRandomSource(
            flaky,
            SeededSources.seeded(99L),
            FallbackPolicy.FALLBACK_SECURERANDOM,
            RETRY_AFTER,
            clock);

    DrawnOrder<String> drawn = source.shuffle(PEERS);

    assertThat(drawn.origin()).isEqualTo(Origin.SECURE_RANDOM);
    assertThat(drawn.order()).isEqualTo(Permutations.shuffle(PEERS, SeededSources.seeded(99L)));
  }

  @Test
  void single_draws_report_their_origin_too() {
    FallbackRandomSource source = source(FallbackPolicy.FALLBACK_SECURERANDOM);

    source.nextInt(6);
    assertThat(source.lastOrigin()).isEqualTo(Origin.QRNG);

    flaky.down = true;
    source.nextInt(6);
    assertThat(source.lastOrigin()).isEqualTo(Origin.SECURE_RANDOM);
    assertThat(source.fallbackCount()).isEqualTo(1);
  }

  @Test
  void built_from_configuration_it_falls_back_when_the_service_reports_a_wrong_key() {
    qrng.stubFor(
        get(urlPathEqualTo("/" + KEY + "/qbck/block/short"))
            .willReturn(okJson(QrngAnswers.WRONG_KEY_ANSWER)));
    QrngConfig config =
        QrngConfig.of(URI.create(qrng.baseUrl()), KEY)
            .withFallback(FallbackPolicy.FALLBACK_SECURERANDOM, RETRY_AFTER)
            // Room for a loaded machine: with the default 1 s the draw could give up on a slow
            // first fetch and fall back for a timeout before the wrong-key answer is read. The
            // wrong-key answer ends the wait at once.
            .withDrawWait(java.time.Duration.ofSeconds(30));

    try (LogCapture logs = new LogCapture()) {
      DrawnOrder<String> drawn = FallbackRandomSource.from(config).shuffle(PEERS);

      assertThat(drawn.origin()).isEqualTo(Origin.SECURE_RANDOM);
      assertThat(logs.text()).contains("Wrong key").doesNotContain(KEY);
    }
  }

  private FallbackRandomSource source(FallbackPolicy policy) {
    return new FallbackRandomSource(flaky, SeededSources.seeded(5L), policy, RETRY_AFTER, clock);
  }

  /** A stand-in QRNG that can be switched off, or set to break after a number of draws. */
  private static final class FlakyQrng implements RandomSource {
    private final RandomSource bits = SeededSources.seeded(42L);
    boolean down;
    int failAfterDraws = Integer.MAX_VALUE;
    int attempts;

    @Override
    public int nextBits(int count) {
      attempts++;
      if (down || attempts > failAfterDraws) {
        throw new QrngUnavailableException(Reason.TIMEOUT, "QRNG request timed out");
      }
      return bits.nextBits(count);
    }
  }
}
