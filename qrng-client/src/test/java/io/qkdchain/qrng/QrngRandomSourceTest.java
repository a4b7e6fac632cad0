package io.qkdchain.qrng;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.qkdchain.qrng.QrngAnswers.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.qkdchain.qrng.QrngUnavailableException.Reason;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class QrngRandomSourceTest {

  private static final String SHORT_PATH = "/" + KEY + "/qbck/block/short";

  @RegisterExtension
  static WireMockExtension qrng =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  @Test
  void one_http_call_serves_many_permutations() {
    serve(QrngAnswers.seededShorts(1L, 1024));
    QrngRandomSource source = new QrngRandomSource(config(1024));

    for (int i = 0; i < 200; i++) {
      assertThat(Permutations.shuffle(8, source)).hasSize(8);
    }

    qrng.verify(1, getRequestedFor(urlPathEqualTo(SHORT_PATH)));
    assertThat(source.blocksFetched()).isEqualTo(1);
    assertThat(source.bufferedBits()).isPositive();
  }

  @Test
  void draws_hand_out_the_served_bits_in_order_and_refill_when_dry() {
    // Each call yields 30 bits, of which the 24 making whole bytes are kept: FF FE 00.
    serve(0x7FFF, 0x0000);
    QrngRandomSource source = new QrngRandomSource(config(2));

    List<Integer> bytes = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      bytes.add(source.nextBits(8));
    }

    assertThat(bytes).containsExactly(0xFF, 0xFE, 0x00, 0xFF, 0xFE, 0x00);
    qrng.verify(2, getRequestedFor(urlPathEqualTo(SHORT_PATH)));
  }

  @Test
  void concurrent_draws_share_blocks_without_losing_or_repeating_bits() throws Exception {
    serve(QrngAnswers.seededShorts(2L, 64));
    QrngRandomSource source = new QrngRandomSource(config(64));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> drawers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        drawers.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 256; i++) {
                    source.nextBits(8);
                  }
                }));
      }
      for (Future<?> drawer : drawers) {
        drawer.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    // 4 x 256 bytes drawn from blocks of 64 x 15 bits = 120 bytes: 9 calls, 56 bytes left over.
    qrng.verify(9, getRequestedFor(urlPathEqualTo(SHORT_PATH)));
    assertThat(source.bufferedBits()).isEqualTo(56 * 8);
  }

  @Test
  void an_empty_buffer_that_cannot_be_refilled_fails_the_draw() {
    qrng.stubFor(get(urlPathEqualTo(SHORT_PATH)).willReturn(serverError()));
    QrngRandomSource source = new QrngRandomSource(config(16));

    assertThatThrownBy(() -> source.nextInt(24))
        .isInstanceOf(QrngUnavailableException.class)
        .hasMessageContaining("HTTP 500");
  }

  @Test
  void refilling_ahead_fetches_the_first_block_at_once_and_the_next_once_half_is_drawn() {
    serve(QrngAnswers.seededShorts(3L, 64)); // 64 x 15 bits: 120 bytes a block
    List<Runnable> background = new ArrayList<>();
    QrngRandomSource source =
        QrngRandomSource.refillingAhead(new QrngClient(config(64)), background::add);
    assertThat(background).as("the first block is fetched at construction").hasSize(1);
    background.get(0).run();

    do {
      assertThat(background).as("nothing more fetched above half a block").hasSize(1);
      source.nextBits(8);
    } while (source.bufferedBits() >= 480);
    assertThat(background).hasSize(2);
    qrng.verify(1, getRequestedFor(urlPathEqualTo(SHORT_PATH)));

    background.get(1).run();
    qrng.verify(2, getRequestedFor(urlPathEqualTo(SHORT_PATH)));
    for (int i = 0; i < 60; i++) {
      source.nextBits(8);
    }

    qrng.verify(2, getRequestedFor(urlPathEqualTo(SHORT_PATH)));
    assertThat(source.blocksFetched()).isEqualTo(2);
  }

  @Test
  void a_dry_buffer_waits_for_the_block_already_on_its_way_rather_than_asking_twice() {
    qrng.stubFor(
        get(urlPathEqualTo(SHORT_PATH))
            .inScenario("slow second block")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson(QrngAnswers.shorts(QrngAnswers.seededShorts(4L, 64))))
            .willSetStateTo("slow"));
    qrng.stubFor(
        get(urlPathEqualTo(SHORT_PATH))
            .inScenario("slow second block")
            .whenScenarioStateIs("slow")
            .willReturn(
                okJson(QrngAnswers.shorts(QrngAnswers.seededShorts(5L, 64))).withFixedDelay(300)));
    QrngRandomSource source = QrngRandomSource.refillingAhead(new QrngClient(config(64)));

    for (int i = 0; i < 150; i++) {
      source.nextBits(8);
    }

    qrng.verify(2, getRequestedFor(urlPathEqualTo(SHORT_PATH)));
    assertThat(source.blocksFetched()).isEqualTo(2);
  }

  /**
   * The first draw fails with a timeout of the 200 ms draw wait: had it waited for the block (1.5
   * s) it would have returned it, so the failure itself shows the draw did not wait for the QRNG,
   * and no upper wall-clock bound is needed. Later dry draws fail the same way until the late block
   * arrives; the first draw after it is served by it, the QRNG asked only once.
   */
  @Test
  void a_qrng_that_hangs_costs_a_dry_draw_the_draw_wait_and_its_late_block_serves_the_next_draw()
      throws Exception {
    qrng.stubFor(
        get(urlPathEqualTo(SHORT_PATH))
            .inScenario("hanging")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                okJson(QrngAnswers.shorts(QrngAnswers.seededShorts(7L, 64))).withFixedDelay(1500))
            .willSetStateTo("answered"));
    // A read timeout far beyond the stub's delay, so that even on a loaded machine the one fetch
    // gets its late block rather than failing and being asked again.
    QrngConfig config =
        config(64)
            .withDrawWait(Duration.ofMillis(200))
            .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30));
    QrngRandomSource source = QrngRandomSource.refillingAhead(new QrngClient(config));

    long start = System.nanoTime();
    assertThatThrownBy(() -> source.nextBits(8))
        .isInstanceOfSatisfying(
            QrngUnavailableException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT))
        .hasMessageContaining("draw wait of 200 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
    assertThat(source.blocksFetched()).isZero();

    // Polls rather than sleeping for the stub's delay; the 60 s only stops a broken source.
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    int dryDraws = 0;
    Integer drawn = null;
    while (drawn == null && System.nanoTime() < deadline) {
      try {
        drawn = source.nextBits(8);
      } catch (QrngUnavailableException e) {
        assertThat(e.reason()).as("a later dry draw").isEqualTo(Reason.TIMEOUT);
        dryDraws++;
      }
    }
    assertThat(drawn).as("a draw after %d dry ones", dryDraws).isNotNull().isBetween(0, 255);
    qrng.verify(1, getRequestedFor(urlPathEqualTo(SHORT_PATH)));
    assertThat(source.blocksFetched()).isEqualTo(1);
  }

  @Test
  void a_fresh_failure_fails_the_dry_draw_at_once_and_the_next_dry_draw_asks_again() {
    outageThenBack();
    AheadFetches fetches = new AheadFetches();
    QrngRandomSource source =
        QrngRandomSource.refillingAhead(
            new QrngClient(config(64).withDrawWait(Duration.ofSeconds(20))), fetches);
    drainTheFirstBlockWhileTheSecondFails(fetches, source);

    long start = System.nanoTime();
    assertThatThrownBy(() -> source.nextBits(8))
        .isInstanceOf(QrngUnavailableException.class)
        .hasMessageContaining("HTTP 500");
    // No fetch runs meanwhile (they are held), so only the draw wait could hold this draw: 15 s of
    // room on a loaded machine below the 20 s draw wait.
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("not the 20 s draw wait")
        .isLessThan(Duration.ofSeconds(5));
    qrng.verify(2, getRequestedFor(urlPathEqualTo(SHORT_PATH)));

    fetches.runFromNowOn();
    assertThat(source.nextBits(8)).isBetween(0, 255);
    qrng.verify(3, getRequestedFor(urlPathEqualTo(SHORT_PATH)));
    assertThat(source.blocksFetched()).isEqualTo(2);
  }

  @Test
  void a_failure_older_than_the_draw_wait_is_not_reported_and_the_qrng_is_asked_again()
      throws Exception {
    outageThenBack();
    AheadFetches fetches = new AheadFetches();
    QrngRandomSource source =
        QrngRandomSource.refillingAhead(
            new QrngClient(config(64).withDrawWait(Duration.ofMillis(100))), fetches);
    drainTheFirstBlockWhileTheSecondFails(fetches, source);
    Thread.sleep(200);

    fetches.runFromNowOn();
    assertThat(source.nextBits(8)).isBetween(0, 255);
    qrng.verify(3, getRequestedFor(urlPathEqualTo(SHORT_PATH)));
    assertThat(source.blocksFetched()).isEqualTo(2);
  }

  /** Serves one block, then an HTTP 500, then blocks again. */
  private static void outageThenBack() {
    qrng.stubFor(
        get(urlPathEqualTo(SHORT_PATH))
            .inScenario("outage")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson(QrngAnswers.shorts(QrngAnswers.seededShorts(6L, 64))))
            .willSetStateTo("down"));
    qrng.stubFor(
        get(urlPathEqualTo(SHORT_PATH))
            .inScenario("outage")
            .whenScenarioStateIs("down")
            .willReturn(serverError())
            .willSetStateTo("back"));
    qrng.stubFor(
        get(urlPathEqualTo(SHORT_PATH))
            .inScenario("outage")
            .whenScenarioStateIs("back")
            .willReturn(okJson(QrngAnswers.shorts(QrngAnswers.seededShorts(8L, 64)))));
  }

  /** Draws the whole first block (120 bytes); the fetch ahead it starts gets the HTTP 500. */
  private static void drainTheFirstBlockWhileTheSecondFails(
      AheadFetches fetches, QrngRandomSource source) {
    fetches.runQueued();
    for (int i = 0; i < 120; i++) {
      source.nextBits(8);
    }
    assertThat(fetches.queued()).as("the fetch ahead").isEqualTo(1);
    fetches.runQueued();
    qrng.verify(2, getRequestedFor(urlPathEqualTo(SHORT_PATH)));
    assertThat(source.bufferedBits()).isZero();
  }

  /** Holds background fetches until the test runs them, or runs them at once once told to. */
  private static final class AheadFetches implements Executor {

    private final List<Runnable> queued = new ArrayList<>();
    private boolean inline;

    @Override
    public synchronized void execute(Runnable fetch) {
      if (inline) {
        fetch.run();
      } else {
        queued.add(fetch);
      }
    }

    synchronized int queued() {
      return queued.size();
    }

    synchronized void runQueued() {
      List<Runnable> now = new ArrayList<>(queued);
      queued.clear();
      now.forEach(Runnable::run);
    }

    synchronized void runFromNowOn() {
      inline = true;
    }
  }

  private static void serve(int... shorts) {
    qrng.stubFor(get(urlPathEqualTo(SHORT_PATH)).willReturn(okJson(QrngAnswers.shorts(shorts))));
  }

  private static QrngConfig config(int batchSize) {
    return QrngConfig.of(URI.create(qrng.baseUrl()), KEY).withBatchSize(batchSize);
  }
}
