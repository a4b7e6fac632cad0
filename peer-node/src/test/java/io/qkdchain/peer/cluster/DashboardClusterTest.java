package io.qkdchain.peer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * What a person and a monitoring system see of a running 4-peer cluster (classical keys): the
 * dashboard in headless Chromium, the live event stream, Prometheus metrics, health and OpenAPI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardClusterTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @TempDir static Path root;
  private LocalCluster cluster;
  private String firstId;

  @BeforeAll
  void startClusterAndCommitOneTransaction() throws Exception {
    cluster = new LocalCluster(root, ClassicalClusterTest.CLASSICAL).startAll();
    HttpResponse<String> response =
        cluster.post(1, "/api/v1/transactions?wait=true", "{\"data\": \"first\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    firstId = LocalCluster.json(response.body()).get("id").stringValue();
    ClassicalClusterTest.awaitAgreement(cluster, 2);
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void the_dashboard_shows_a_transaction_submitted_through_its_form_as_committed()
      throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "headless browser test skipped: needs "
            + CHROMIUM
            + " and "
            + CHROMEDRIVER
            + " (Debian packages chromium and chromium-driver; .ci/run installs them)");
    Path profile = Files.createDirectories(root.resolve("chromium-profile"));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,1400",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    WebDriver browser = new ChromeDriver(service, options);
    try {
      browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
      browser.get(cluster.url(1, "/").toString());
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
      wait.until(ExpectedConditions.attributeToBe(By.id("live"), "data-state", "live"));
      wait.until(ExpectedConditions.textToBe(By.id("peer-name"), "peer-1"));

      browser.findElement(By.id("tx-data")).sendKeys("hello from the browser");
      browser.findElement(By.id("tx-submit")).click();

      WebElement mine =
          wait.until(
              ExpectedConditions.presenceOfElementLocated(
                  By.cssSelector("#my-transactions li[data-status='COMMITTED']")));
      assertThat(mine.getText()).contains("COMMITTED").contains("hello from the browser");
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "committed"));
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.id("blocks"), "hello from the browser"));
      assertThat(browser.findElement(By.id("timeline")).getText())
          .contains("Proposal")
          .contains("Key exchange")
          .contains("Group signature")
          .contains("Votes")
          .contains("Echo")
          .contains("Accept")
          .contains("Lock")
          .contains("CONSENSUS ACHIEVED")
          .contains("Commit");
      assertThat(browser.findElements(By.cssSelector("#cube .node"))).hasSize(4);
      // Each other member has a row in the misbehaviour table, with nothing against it.
      wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#misbehaviour tr"), 3));
      assertThat(browser.findElements(By.cssSelector("#misbehaviour tr[data-member='peer-2']")))
          .hasSize(1);
      assertThat(browser.findElement(By.id("misbehaviour-note")).getText())
          .contains("nothing proven");

      browser.findElement(By.id("search")).sendKeys(firstId);
      browser.findElement(By.cssSelector("#search-form button")).click();
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(By.id("search-result"), "Block #1"));

      ((ChromeDriver) browser).executeScript("window.scrollTo(0, 0)");
      byte[] png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
      Path screenshot = Path.of("target", "dashboard.png");
      Files.createDirectories(screenshot.getParent());
      Files.write(screenshot, png);
      assertThat(png.length).isGreaterThan(10_000);
    } finally {
      browser.quit();
    }
  }

  @Test
  void the_event_stream_tells_a_round_from_proposal_to_commit() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request =
        HttpRequest.newBuilder(cluster.url(2, "/api/v1/events"))
            .header("Accept", "text/event-stream")
            .build();
    HttpResponse<InputStream> response =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/event-stream");
    List<String> types = new ArrayList<>();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      HttpResponse<String> submitted =
          cluster.post(3, "/api/v1/transactions", "{\"data\": \"streamed\"}");
      String id = LocalCluster.json(submitted.body()).get("id").stringValue();
      CompletableFuture<Boolean> sawCommit =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  String line;
                  while ((line = lines.readLine()) != null) {
                    if (!line.startsWith("data:")) {
                      continue;
                    }
                    JsonNode event = LocalCluster.json(line.substring(5));
                    assertThat(event.get("peer").stringValue()).isEqualTo("peer-2");
                    types.add(event.get("type").stringValue());
                    if (event.get("type").stringValue().equals("key-received")) {
                      // Classical keys travel in the proposal; they must not reach the browser.
                      assertThat(event.get("data").properties())
                          .extracting(java.util.Map.Entry::getKey)
                          .containsExactlyInAnyOrder("master", "slave", "keyIds", "bits");
                    }
                    if (line.contains("\"commit\"") && line.contains(id)) {
                      return true;
                    }
                  }
                  return false;
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      assertThat(sawCommit.get(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(types).contains("vote-cast", "vote-counted", "locked", "commit");
    assertThat(types).doesNotContain("misbehaviour");
  }

  @Test
  void prometheus_exposes_the_qkdchain_metrics_after_a_commit() throws Exception {
    String metrics = text(1, "/actuator/prometheus");
    assertThat(metrics)
        .contains("qkdchain_commit_latency_seconds_bucket")
        .contains("qkdchain_rounds_total{outcome=\"committed\"}")
        .contains("qkdchain_rounds_total{outcome=\"started\"}")
        .contains("qkdchain_rounds_total{outcome=\"failed\"}")
        .contains("qkdchain_votes_cast_total{phase=\"echo\"}")
        .contains("qkdchain_locks_total")
        .contains("qkdchain_key_bits_total{link=\"")
        .contains("qkdchain_qrng_draws_total{origin=\"fallback\"}")
        .contains("qkdchain_pending_transactions");
    double committed = valueOf(metrics, "qkdchain_rounds_total{outcome=\"committed\"}");
    assertThat(committed).isGreaterThan(0);
    // Every phase was counted; a block decided by votes took a quorum (3 of 4) of commit votes. A
    // peer may also decide a block by catching up, so blocks and counts need not match one to one.
    for (String phase : List.of("echo", "accept", "lock")) {
      assertThat(valueOf(metrics, "qkdchain_votes_counted_total{phase=\"" + phase + "\"}"))
          .as(phase + " votes counted")
          .isPositive();
    }
    assertThat(valueOf(metrics, "qkdchain_votes_counted_total{phase=\"commit\"}"))
        .as("commit votes counted")
        .isGreaterThanOrEqualTo(3);
    assertThat(valueOf(metrics, "qkdchain_locks_total")).isGreaterThan(0);
    // An honest cluster: nothing proven against anyone.
    assertThat(metrics).doesNotContain("qkdchain_member_misbehaviour_total{");
  }

  @Test
  void http_request_metrics_cover_the_client_routes_but_not_the_peer_to_peer_routes()
      throws Exception {
    String metrics = text(1, "/actuator/prometheus");
    assertThat(metrics)
        .containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/api/v1/transactions\"");
    assertThat(metrics).doesNotContain("uri=\"/peer/");
  }

  @Test
  void health_reports_chain_integrity_the_absent_kme_and_the_qrng_and_readiness_is_up()
      throws Exception {
    // A full re-scan in the background; health then reports it.
    cluster.freshVerification(1);
    JsonNode health = cluster.get(1, "/actuator/health");
    assertThat(health.get("status").stringValue()).isEqualTo("UP");
    JsonNode components = health.get("components");
    assertThat(components.get("chainIntegrity").get("status").stringValue()).isEqualTo("UP");
    JsonNode integrity = components.get("chainIntegrity").get("details");
    assertThat(integrity.get("scope").stringValue()).isEqualTo("FULL");
    assertThat(integrity.get("scanning").booleanValue()).isFalse();
    assertThat(integrity.get("checkedAt").stringValue()).isNotBlank();
    assertThat(integrity.get("verifiedBlocks").longValue()).isGreaterThanOrEqualTo(2);
    assertThat(components.get("kme").get("status").stringValue()).isEqualTo("UNKNOWN");
    assertThat(components.get("kme").get("details").get("kme").stringValue()).contains("classical");
    assertThat(components.get("qrng").get("status").stringValue()).isEqualTo("UP");
    JsonNode readiness = cluster.get(1, "/actuator/health/readiness");
    assertThat(readiness.get("status").stringValue()).isEqualTo("UP");
    assertThat(readiness.get("components").has("chainIntegrity")).isTrue();
  }

  @Test
  void openapi_lists_the_client_routes_and_swagger_ui_is_served() throws Exception {
    JsonNode docs = cluster.get(2, "/v3/api-docs");
    JsonNode paths = docs.get("paths");
    assertThat(paths.has("/api/v1/transactions")).isTrue();
    assertThat(paths.has("/api/v1/transactions/{id}")).isTrue();
    assertThat(paths.has("/api/v1/blocks")).isTrue();
    assertThat(paths.has("/api/v1/blocks/{index}")).isTrue();
    assertThat(paths.has("/api/v1/chain/verify")).isTrue();
    assertThat(paths.has("/receive-transaction")).isTrue();
    assertThat(paths.propertyNames()).noneMatch(path -> path.startsWith("/peer/"));
    assertThat(
            paths
                .get("/api/v1/transactions")
                .get("post")
                .get("requestBody")
                .get("content")
                .get("application/json")
                .get("schema")
                .get("required")
                .get(0)
                .stringValue())
        .isEqualTo("data");
    HttpResponse<String> ui = get(2, "/swagger-ui/index.html");
    assertThat(ui.statusCode()).isEqualTo(200);
    assertThat(ui.body()).contains("swagger-ui");
  }

  @Test
  void topology_lists_the_hypercube_and_the_key_bits_of_the_rounds_so_far() throws Exception {
    JsonNode topology = cluster.get(3, "/api/v1/topology");
    assertThat(topology.get("self").stringValue()).isEqualTo("peer-3");
    assertThat(topology.get("dimension").intValue()).isEqualTo(2);
    assertThat(topology.get("keyMode").stringValue()).isEqualTo("classical");
    assertThat(topology.get("peers")).hasSize(4);
    assertThat(topology.get("quorum").intValue()).isEqualTo(3);
    assertThat(topology.get("faults").intValue()).isEqualTo(1);
    JsonNode conduct = cluster.get(3, "/api/v1/misbehaviour");
    assertThat(conduct.get("kinds")).hasSize(6);
    assertThat(conduct.get("rows")).hasSize(3);
    for (JsonNode row : conduct.get("rows")) {
      assertThat(row.get("member").stringValue()).isNotEqualTo("peer-3");
      assertThat(row.get("total").longValue()).isZero();
      assertThat(row.get("counts").get("equivocation").longValue()).isZero();
    }
    JsonNode links = topology.get("links");
    assertThat(links).hasSize(6);
    int physical = 0;
    long bits = 0;
    for (JsonNode link : links) {
      physical += link.get("physical").booleanValue() ? 1 : 0;
      bits += link.get("totalBits").longValue();
    }
    assertThat(physical).isEqualTo(4);
    // Block 1 was proposed by peer-2 (height 1, view 0): three links of 768-bit keys at least.
    assertThat(bits).isGreaterThanOrEqualTo(3 * 768);
    HttpResponse<String> page = get(3, "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("dashboard.js").doesNotContain("://cdn");
  }

  private HttpResponse<String> get(int peer, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(cluster.url(peer, path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private String text(int peer, String path) throws Exception {
    HttpResponse<String> response = get(peer, path);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }

  private static double valueOf(String metrics, String series) {
    return metrics
        .lines()
        .filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no series " + series));
  }
}
