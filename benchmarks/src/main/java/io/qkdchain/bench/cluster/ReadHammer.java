package io.qkdchain.bench.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The read load of the scale benchmark (scripts/scale-bench.sh): for a bounded time, some clients
 * call {@code GET /api/v1/chain/verify} back to back and others read random pages of {@code GET
 * /api/v1/blocks}, each waiting for its answer before the next request. Prints one JSON line: per
 * kind, requests answered 200, 429 and otherwise, and the latency of the 200s.
 *
 * <pre>
 * java -cp benchmarks.jar io.qkdchain.bench.cluster.ReadHammer --url http://127.0.0.1:8081 \
 *     [--verify-clients 2] [--page-clients 2] [--page-limit 100] --duration S
 * </pre>
 */
public final class ReadHammer {

  private static final Pattern HEIGHT = Pattern.compile("\"height\"\\s*:\\s*(\\d+)");

  private record Kind(String name, Latencies ok, AtomicLong limited, AtomicLong other) {
    Kind(String name) {
      this(name, new Latencies(), new AtomicLong(), new AtomicLong());
    }

    String json() {
      LatencySummary s = ok.summary();
      return String.format(
          Locale.ROOT,
          "\"%s\":{\"ok\":%d,\"limited\":%d,\"other\":%d,\"p50Ms\":%.2f,\"p99Ms\":%.2f,\"maxMs\":%.2f}",
          name,
          s.count(),
          limited.get(),
          other.get(),
          s.p50(),
          s.p99(),
          s.max());
    }
  }

  public static void main(String[] args) throws Exception {
    URI base = null;
    int verifyClients = 2;
    int pageClients = 2;
    int pageLimit = 100;
    long seconds = -1;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + args[i] + " needs a value");
      }
      String value = args[i + 1];
      switch (args[i]) {
        case "--url" -> base = URI.create(value.endsWith("/") ? value : value + "/");
        case "--verify-clients" -> verifyClients = Integer.parseInt(value);
        case "--page-clients" -> pageClients = Integer.parseInt(value);
        case "--page-limit" -> pageLimit = Integer.parseInt(value);
        case "--duration" -> seconds = Long.parseLong(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (base == null || seconds < 1 || seconds > 3600) {
      throw new IllegalArgumentException(
          "usage: ReadHammer --url URL --duration S (1..3600) [--verify-clients N]"
              + " [--page-clients N] [--page-limit N]");
    }
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    long height = height(http, base);
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    Kind verify = new Kind("verify");
    Kind pages = new Kind("pages");
    List<Thread> clients = new ArrayList<>();
    URI verifyUri = base.resolve("api/v1/chain/verify");
    for (int i = 0; i < verifyClients; i++) {
      clients.add(start(() -> loop(http, () -> verifyUri, verify, deadline)));
    }
    int limit = pageLimit;
    URI root = base;
    for (int i = 0; i < pageClients; i++) {
      clients.add(
          start(
              () ->
                  loop(
                      http,
                      () ->
                          root.resolve(
                              "api/v1/blocks?from="
                                  + ThreadLocalRandom.current().nextLong(Math.max(1, height))
                                  + "&limit="
                                  + limit),
                      pages,
                      deadline)));
    }
    for (Thread client : clients) {
      client.join();
    }
    System.out.println("{\"height\":" + height + "," + verify.json() + "," + pages.json() + "}");
  }

  private static void loop(
      HttpClient http, java.util.function.Supplier<URI> uri, Kind kind, long deadline) {
    while (System.nanoTime() < deadline) {
      long t0 = System.nanoTime();
      try {
        HttpResponse<byte[]> response =
            http.send(
                HttpRequest.newBuilder(uri.get()).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 200) {
          long done = System.nanoTime();
          kind.ok().add(done - t0, done);
        } else if (response.statusCode() == 429) {
          kind.limited().incrementAndGet();
        } else {
          kind.other().incrementAndGet();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (java.io.IOException e) {
        kind.other().incrementAndGet();
      }
    }
  }

  private static Thread start(Runnable client) {
    Thread thread = new Thread(client, "read-hammer");
    thread.start();
    return thread;
  }

  private static long height(HttpClient http, URI base) throws Exception {
    String body =
        http.send(
                HttpRequest.newBuilder(base.resolve("api/v1/round")).GET().build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher m = HEIGHT.matcher(body);
    if (!m.find()) {
      throw new IllegalStateException("no height in " + base + "api/v1/round: " + body);
    }
    return Long.parseLong(m.group(1));
  }

  private ReadHammer() {}
}
