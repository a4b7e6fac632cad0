package io.qkdchain.peer.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.peer.cluster.LocalCluster;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad client requests each get a clear error, and the cluster commits unharmed afterwards. */
@ExtendWith(HostileCluster.Extension.class)
class ClientApiAbuseTest {

  private static final int FIFTY_MB = 50 * 1024 * 1024;

  private final HostileCluster hostile = HostileCluster.get();

  @AfterEach
  void the_cluster_still_commits() throws Exception {
    hostile.assertAGoodTransactionStillCommits(2);
  }

  @Test
  void writes_without_or_with_a_wrong_api_key_are_401_and_reads_stay_open() throws Exception {
    byte[] body = "{\"data\": \"no key\"}".getBytes(StandardCharsets.UTF_8);
    for (String key : new String[] {null, "wrong-key-of-sufficient-length", ""}) {
      HttpResponse<String> response = hostile.clientPost(1, "/api/v1/transactions", body, key);
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(LocalCluster.json(response.body()).get("reason").stringValue())
          .isEqualTo("UNAUTHORIZED");
      assertThat(response.body()).doesNotContain(HostileCluster.API_KEY);
    }
    byte[] legacy = "{\"transaction\": \"no key\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(hostile.clientPost(1, "/receive-transaction", legacy, null).statusCode())
        .isEqualTo(401);
    assertThat(hostile.send(hostile.request(1, "/api/v1/blocks?from=0").GET()).statusCode())
        .isEqualTo(200);
    assertThat(hostile.send(hostile.request(1, "/actuator/health").GET()).statusCode())
        .isEqualTo(200);
  }

  static Stream<Arguments> malformedBodies() {
    return Stream.of(
        Arguments.of("not JSON", "{\"data\": ", "MALFORMED_REQUEST"),
        Arguments.of("a number for data", "{\"data\": 5}", "MALFORMED_REQUEST"),
        Arguments.of("null data", "{\"data\": null}", "MALFORMED_REQUEST"),
        Arguments.of("an array body", "[\"data\"]", "MALFORMED_REQUEST"),
        Arguments.of("an object for data", "{\"data\": {\"x\": 1}}", "MALFORMED_REQUEST"),
        Arguments.of("no body at all", "", "MALFORMED_REQUEST"),
        Arguments.of("empty data", "{\"data\": \"\"}", "EMPTY"),
        Arguments.of("an unpaired surrogate", "{\"data\": \"\\ud800\"}", "MALFORMED"));
  }

  @ParameterizedTest(name = "{0} is 400 {2}")
  @MethodSource("malformedBodies")
  void malformed_transactions_are_400_with_a_reason(String what, String body, String reason)
      throws Exception {
    HttpResponse<String> response = hostile.clientPost(3, "/api/v1/transactions", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(LocalCluster.json(response.body()).get("reason").stringValue()).isEqualTo(reason);
    assertThat(LocalCluster.json(response.body()).get("error").stringValue()).isNotBlank();
  }

  @Test
  void bytes_that_are_not_utf8_are_400() throws Exception {
    byte[] body = {'{', '"', 'd', 'a', 't', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    HttpResponse<String> response =
        hostile.clientPost(4, "/api/v1/transactions", body, HostileCluster.API_KEY);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(LocalCluster.json(response.body()).get("reason").stringValue())
        .isEqualTo("MALFORMED_REQUEST");
  }

  @Test
  void unknown_fields_are_ignored_and_the_transaction_is_taken() throws Exception {
    HttpResponse<String> response =
        hostile.clientPost(
            1, "/api/v1/transactions?wait=true", "{\"data\": \"with extras\", \"fee\": 10}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  @Test
  void a_json_body_sent_as_a_form_is_still_read_as_json() throws Exception {
    // What `curl -d '{"data": ...}'` sends without -H 'Content-Type: application/json'.
    HttpResponse<String> response =
        hostile.send(
            hostile
                .request(2, "/api/v1/transactions?wait=true")
                .header("X-API-Key", HostileCluster.API_KEY)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\": \"sent as a form\"}")));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(LocalCluster.json(response.body()).get("status").stringValue())
        .isEqualTo("COMMITTED");
  }

  @Test
  void a_wait_that_is_not_a_boolean_is_400() throws Exception {
    HttpResponse<String> response =
        hostile.clientPost(1, "/api/v1/transactions?wait=maybe", "{\"data\": \"never\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(LocalCluster.json(response.body()).get("reason").stringValue())
        .isEqualTo("MALFORMED_REQUEST");
    assertThat(LocalCluster.json(response.body()).get("error").stringValue()).contains("wait");
  }

  @Test
  void other_methods_on_the_submit_routes_are_405_with_allow_post() throws Exception {
    for (String path : new String[] {"/api/v1/transactions", "/receive-transaction"}) {
      HttpResponse<String> response =
          hostile.send(hostile.request(3, path).header("X-API-Key", HostileCluster.API_KEY).GET());
      assertThat(response.statusCode()).as(path).isEqualTo(405);
      assertThat(response.headers().firstValue("Allow")).hasValue("POST");
      assertThat(LocalCluster.json(response.body()).get("reason").stringValue())
          .isEqualTo("METHOD_NOT_ALLOWED");
    }
  }

  @Test
  void a_transaction_over_one_mebibyte_is_413() throws Exception {
    String data = "x".repeat(1024 * 1024 + 1);
    HttpResponse<String> response =
        hostile.clientPost(2, "/api/v1/transactions", "{\"data\": \"" + data + "\"}");
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(LocalCluster.json(response.body()).get("reason").stringValue())
        .isEqualTo("TOO_LARGE");
  }

  @Test
  void a_declared_50_mb_body_is_refused_before_any_of_it_is_sent() throws Exception {
    try (Socket socket = connect(1)) {
      OutputStream out = socket.getOutputStream();
      out.write(head("Content-Length: " + FIFTY_MB).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(statusLine(socket)).contains(" 413 ");
    }
  }

  @Test
  void a_streamed_50_mb_body_is_cut_off_at_the_limit_not_buffered() throws Exception {
    AtomicLong sent = new AtomicLong();
    try (Socket socket = connect(1)) {
      Thread writer =
          new Thread(
              () -> {
                try {
                  OutputStream out = socket.getOutputStream();
                  out.write(head("Transfer-Encoding: chunked").getBytes(StandardCharsets.US_ASCII));
                  byte[] chunk = new byte[64 * 1024];
                  java.util.Arrays.fill(chunk, (byte) 'x');
                  byte[] size =
                      (Integer.toHexString(chunk.length) + "\r\n")
                          .getBytes(StandardCharsets.US_ASCII);
                  while (sent.get() < FIFTY_MB) {
                    out.write(size);
                    out.write(chunk);
                    out.write(new byte[] {'\r', '\n'});
                    sent.addAndGet(chunk.length);
                  }
                  out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (Exception e) {
                  // The peer closed the connection after its answer: what this test expects.
                }
              });
      writer.setDaemon(true);
      writer.start();
      String status = statusLine(socket);
      long sentWhenAnswered = sent.get();
      assertThat(status).contains(" 413 ");
      // The limit is 6 x 1 MiB + 4 KiB; the rest is socket buffers, far below 50 MB.
      assertThat(sentWhenAnswered).isLessThan(FIFTY_MB / 2);
      socket.close();
      writer.join(10_000);
    }
  }

  private Socket connect(int peer) throws Exception {
    Socket socket =
        new Socket(InetAddress.getLoopbackAddress(), hostile.cluster.url(peer, "/").getPort());
    socket.setSoTimeout(20_000);
    return socket;
  }

  private static String head(String lengthHeader) {
    return "POST /api/v1/transactions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: application/json\r\nX-API-Key: "
        + HostileCluster.API_KEY
        + "\r\n"
        + lengthHeader
        + "\r\n\r\n";
  }

  private static String statusLine(Socket socket) throws Exception {
    return new BufferedReader(
            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
        .readLine();
  }
}
