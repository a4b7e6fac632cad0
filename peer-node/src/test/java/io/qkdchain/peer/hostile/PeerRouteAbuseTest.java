package io.qkdchain.peer.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.peer.auth.CanonicalRequest;
import io.qkdchain.peer.cluster.LocalCluster;
import io.qkdchain.peer.consensus.PeerMessage;
import io.qkdchain.peer.consensus.Transaction;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Requests on the peer routes that are not what they claim: refused with 401/403, counted, and
 * nothing of them applied (a gossiped transaction in a refused batch never becomes known).
 */
@ExtendWith(HostileCluster.Extension.class)
class PeerRouteAbuseTest {

  private static final String MESSAGES = "/peer/v1/messages";

  private final HostileCluster hostile = HostileCluster.get();

  @AfterEach
  void the_cluster_still_commits() throws Exception {
    hostile.assertAGoodTransactionStillCommits(1);
  }

  @Test
  void requests_without_credentials_are_401_on_every_peer_route() throws Exception {
    double before = rejected(1, "missing_headers");
    String id = UUID.randomUUID().toString();
    byte[] body = gossip(2, id);
    for (String path : List.of(MESSAGES, "/peer/v1/tx-gossip")) {
      HttpResponse<String> response = hostile.peerPost(1, path, body, Map.of());
      assertThat(response.statusCode()).as(path).isEqualTo(401);
      assertThat(LocalCluster.json(response.body()).get("error").stringValue()).isNotBlank();
    }
    assertThat(hostile.send(hostile.request(1, "/peer/v1/blocks?from=0").GET()).statusCode())
        .isEqualTo(401);
    assertUnknown(id);
    assertThat(rejected(1, "missing_headers") - before).as("counted by this test").isEqualTo(3);
  }

  @Test
  void a_request_signed_with_a_wrong_secret_or_changed_on_the_way_is_401() throws Exception {
    double before = rejected(1, "bad_mac");
    String id = UUID.randomUUID().toString();
    byte[] body = gossip(2, id);
    Map<String, String> wrongSecret = hostile.signedAs(3, 1, "POST", MESSAGES, body);
    wrongSecret = new HashMap<>(wrongSecret);
    wrongSecret.put(CanonicalRequest.PEER_HEADER, "peer-2");
    assertThat(hostile.peerPost(1, MESSAGES, body, wrongSecret).statusCode()).isEqualTo(401);

    Map<String, String> genuine = hostile.signedAs(2, 1, "POST", MESSAGES, body);
    byte[] changed = gossip(2, UUID.randomUUID().toString());
    assertThat(hostile.peerPost(1, MESSAGES, changed, genuine).statusCode()).isEqualTo(401);

    Map<String, String> forPeerThree = hostile.signedAs(2, 3, "POST", MESSAGES, body);
    assertThat(hostile.peerPost(1, MESSAGES, body, forPeerThree).statusCode()).isEqualTo(401);
    assertUnknown(id);
    assertThat(rejected(1, "bad_mac") - before).as("counted by this test").isEqualTo(3);
  }

  @Test
  void a_replayed_request_is_401_and_applied_once() throws Exception {
    double before = rejected(1, "replayed_nonce");
    String id = UUID.randomUUID().toString();
    byte[] body = gossip(2, id);
    Map<String, String> headers = hostile.signedAs(2, 1, "POST", MESSAGES, body);
    assertThat(hostile.peerPost(1, MESSAGES, body, headers).statusCode()).isEqualTo(202);
    assertThat(hostile.peerPost(1, MESSAGES, body, headers).statusCode()).isEqualTo(401);
    assertThat(rejected(1, "replayed_nonce") - before).as("counted by this test").isEqualTo(1);
    // The genuine copy was applied: the gossiped transaction is pooled or already committed.
    String status = hostile.getJson(1, "/api/v1/transactions/" + id).get("status").stringValue();
    assertThat(status).isIn("PENDING", "COMMITTED");
  }

  @Test
  void a_member_speaking_for_another_member_is_403() throws Exception {
    double before = rejected(1, "sender_mismatch");
    String id = UUID.randomUUID().toString();
    byte[] body = gossip(3, id);
    HttpResponse<String> response =
        hostile.peerPost(1, MESSAGES, body, hostile.signedAs(2, 1, "POST", MESSAGES, body));
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("peer-2 may not send messages as peer-3");
    assertUnknown(id);
    assertThat(rejected(1, "sender_mismatch") - before).as("counted by this test").isEqualTo(1);
  }

  @Test
  void a_caller_naming_a_peer_outside_the_cluster_is_403() throws Exception {
    String id = UUID.randomUUID().toString();
    byte[] body = gossip(2, id);
    Map<String, String> headers = new HashMap<>(hostile.signedAs(2, 1, "POST", MESSAGES, body));
    headers.put(CanonicalRequest.PEER_HEADER, "peer-9");
    assertThat(hostile.peerPost(1, MESSAGES, body, headers).statusCode()).isEqualTo(403);
    assertUnknown(id);
  }

  @Test
  void a_signed_catch_up_request_is_served_and_a_tampered_query_is_not() throws Exception {
    String target = "/peer/v1/blocks?from=0&limit=5";
    Map<String, String> headers = hostile.signedAs(4, 2, "GET", target, new byte[0]);
    var ok = hostile.request(2, target).GET();
    headers.forEach(ok::header);
    assertThat(hostile.send(ok).statusCode()).isEqualTo(200);
    var tampered = hostile.request(2, "/peer/v1/blocks?from=0&limit=100").GET();
    headers.forEach(tampered::header);
    assertThat(hostile.send(tampered).statusCode()).isEqualTo(401);
  }

  @Test
  void a_caller_without_credentials_cannot_make_a_peer_read_a_large_body() throws Exception {
    try (Socket socket =
        new Socket(InetAddress.getLoopbackAddress(), hostile.cluster.url(1, "/").getPort())) {
      socket.setSoTimeout(20_000);
      String head =
          "POST /peer/v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + "Content-Type: application/json\r\nContent-Length: 50000000\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String status =
          new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      assertThat(status).contains(" 401 ");
    }
  }

  private byte[] gossip(int from, String id) {
    List<PeerMessage> messages =
        List.of(new PeerMessage.TxGossip(List.of(new Transaction(id, "smuggled " + id))));
    return hostile.batch(from, messages);
  }

  private void assertUnknown(String id) throws Exception {
    for (int p = 1; p <= LocalCluster.SIZE; p++) {
      var response = hostile.send(hostile.request(p, "/api/v1/transactions/" + id).GET());
      assertThat(response.statusCode()).as("transaction on peer-" + p).isEqualTo(404);
    }
  }

  private double rejected(int peer, String reason) throws Exception {
    return hostile.metric(peer, "qkdchain_auth_rejected_total", "reason=\"" + reason + "\"");
  }
}
