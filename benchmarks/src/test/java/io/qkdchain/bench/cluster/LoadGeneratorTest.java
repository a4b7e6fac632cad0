package io.qkdchain.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

/**
 * The load generator against a fake peer that answers as a peer's client API does, with the awkward
 * cases in it: connections the server closes after an answer, a submission accepted but not yet
 * committed (polled by id), a refusal, and a connection dropped without an answer.
 */
class LoadGeneratorTest {

  private final ObjectMapper json = new ObjectMapper();
  private final ExecutorService serverThreads = Executors.newFixedThreadPool(8);
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
    serverThreads.shutdownNow();
  }

  /** A fake peer: every 5th submission refused, every 7th accepted pending, the rest committed. */
  private final class FakePeer {
    final AtomicInteger submissions = new AtomicInteger();
    final Set<String> texts = ConcurrentHashMap.newKeySet();
    final AtomicInteger lookUps = new AtomicInteger();
    final AtomicInteger closedAfterAnswer = new AtomicInteger();

    URI start() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      server.setExecutor(serverThreads);
      server.createContext("/api/v1/transactions", this::handle);
      server.start();
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
      if (exchange.getRequestMethod().equals("GET")) {
        lookUps.incrementAndGet();
        answer(exchange, 200, "{\"id\":\"pending\",\"blockIndex\":9}", false);
        return;
      }
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(exchange.getRequestURI().getQuery()).isEqualTo("wait=true");
      String text = json.readTree(body).path("data").asString();
      texts.add(text);
      int n = submissions.incrementAndGet();
      boolean close = n % 3 == 0;
      if (close) {
        closedAfterAnswer.incrementAndGet();
      }
      if (n % 5 == 0) {
        answer(exchange, 409, "{\"reason\":\"DUPLICATE\"}", close);
      } else if (n % 7 == 0) {
        answer(exchange, 202, "{\"id\":\"pending\"}", close);
      } else {
        answer(exchange, 200, "{\"id\":\"t" + n + "\",\"blockIndex\":" + n + "}", close);
      }
    }

    private void answer(HttpExchange exchange, int status, String body, boolean close)
        throws IOException {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      if (close) {
        exchange.getResponseHeaders().set("Connection", "close");
      }
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    }
  }

  private LoadGenerator generator(URI peer, int concurrency, Duration timeout) {
    BenchOptions options =
        new BenchOptions(
            List.of(peer),
            1,
            null,
            concurrency,
            64,
            0,
            Optional.empty(),
            Optional.empty(),
            timeout);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    return new LoadGenerator(
        new PeerClient(http, json, timeout),
        options,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @Test
  void countsEverySubmissionOnceThroughClosedConnectionsRefusalsAndPolling() throws Exception {
    FakePeer peer = new FakePeer();
    URI url = peer.start();

    LoadGenerator.Outcome outcome = generator(url, 6, Duration.ofSeconds(20)).run(70, null, "t");

    assertThat(outcome.submitted()).isEqualTo(70);
    assertThat(peer.submissions.get()).isEqualTo(70);
    assertThat(peer.texts).hasSize(70); // every text unique
    assertThat(outcome.failed()).isEqualTo(14); // 5, 10, ..., 70
    assertThat(outcome.committed()).isEqualTo(56);
    assertThat(peer.lookUps.get()).isGreaterThanOrEqualTo(8); // 7, 14, ..., 63 (35, 70 refused)
    assertThat(peer.closedAfterAnswer.get()).isEqualTo(23);
    assertThat(outcome.errors()).allSatisfy(error -> assertThat(error).contains("HTTP 409"));
    assertThat(outcome.latency().count()).isEqualTo(56);
  }

  @Test
  void aTimedRunStopsSubmittingAtItsEnd() throws Exception {
    FakePeer peer = new FakePeer();
    URI url = peer.start();

    LoadGenerator.Outcome outcome =
        generator(url, 4, Duration.ofSeconds(20)).run(0, Duration.ofMillis(700), "t");

    assertThat(outcome.submitted()).isPositive().isEqualTo(peer.submissions.get());
    assertThat(outcome.committed() + outcome.failed()).isEqualTo(outcome.submitted());
  }

  @Test
  void aPeerThatNeverAnswersCostsEachLaneItsTimeoutAndNoMore() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(serverThreads);
    server.createContext(
        "/api/v1/transactions",
        exchange -> {
          try {
            Thread.sleep(30_000); // holds the request; the lane gives up first
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.start();
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());

    LoadGenerator.Outcome outcome = generator(url, 2, Duration.ofSeconds(1)).run(2, null, "t");

    assertThat(outcome.committed()).isZero();
    assertThat(outcome.failed()).isEqualTo(2);
    assertThat(outcome.errors()).anySatisfy(error -> assertThat(error).contains("closed"));
  }
}
