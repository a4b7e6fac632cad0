package io.qkdchain.peer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.qkdchain.peer.consensus.ConsensusSettings;
import io.qkdchain.peer.consensus.Membership;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.PeerMessage;
import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.consensus.Transaction;
import io.qkdchain.peer.wire.PeerMessageCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PeerMessagesServletTest {

  private static final String HASH = "ab".repeat(32);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final PeerMessageCodec codec = new PeerMessageCodec();
  private final InboundMessages inbound = mock(InboundMessages.class);
  private final PeerMessagesServlet servlet =
      new PeerMessagesServlet(
          codec,
          inbound,
          new ClaimedSenderAuthenticator(new Membership(List.of(p(1), p(2), p(3), p(4)), p(1), 3)),
          InboundLimits.of(ConsensusSettings.defaults(), 2));

  @Test
  void a_batch_is_decoded_and_every_message_handed_to_the_engine_from_its_sender()
      throws Exception {
    PeerMessage vote = new PeerMessage.Vote(new Round(1, 0), PeerMessage.Phase.ECHO, HASH);
    PeerMessage gossip = new PeerMessage.TxGossip(List.of(new Transaction("t", "d")));
    byte[] body = codec.batchBody(p(2), List.of(codec.encode(vote), codec.encode(gossip)));
    MockHttpServletResponse response = post("/peer/v1/messages", body);
    assertThat(response.getStatus()).isEqualTo(202);
    assertThat(response.getContentLength()).isEqualTo(response.getContentAsByteArray().length);
    assertThat(json(response).get("status").stringValue()).isEqualTo("accepted");
    verify(inbound).receive(p(2), vote);
    verify(inbound).receive(p(2), gossip);
  }

  @Test
  void a_batch_with_one_bad_message_is_400_and_nothing_of_it_is_applied() throws Exception {
    String body =
        "{\"from\":\"peer-2\",\"messages\":[{\"type\":\"TxGossip\",\"transactions\":[]},"
            + "{\"type\":\"Nonsense\"}]}";
    MockHttpServletResponse response = post("/peer/v1/messages", body);
    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(json(response).get("error").stringValue())
        .isEqualTo("batch.messages[1].type: unknown type Nonsense");
    verify(inbound, never()).receive(any(), any());
  }

  @Test
  void a_sender_outside_the_cluster_is_403() throws Exception {
    MockHttpServletResponse response =
        post("/peer/v1/messages", "{\"from\":\"peer-9\",\"messages\":[]}");
    assertThat(response.getStatus()).isEqualTo(403);
    assertThat(json(response).get("error").stringValue()).contains("peer-9");
  }

  @Test
  void a_body_over_the_limit_is_413_and_nothing_is_applied() throws Exception {
    PeerMessagesServlet small =
        new PeerMessagesServlet(
            codec,
            inbound,
            new ClaimedSenderAuthenticator(
                new Membership(List.of(p(1), p(2), p(3), p(4)), p(1), 3)),
            new InboundLimits(64, 2));
    MockHttpServletResponse response = new MockHttpServletResponse();
    small.service(
        request("/peer/v1/messages", "{\"from\":\"peer-2\",\"messages\":[]}" + " ".repeat(64)),
        response);
    assertThat(response.getStatus()).isEqualTo(413);
    verify(inbound, never()).receive(any(), any());
  }

  @Test
  void typed_routes_take_one_message_of_their_type() throws Exception {
    String vote =
        "{\"from\":\"peer-3\",\"height\":1,\"view\":2,\"phase\":\"LOCK\",\"blockHash\":\""
            + HASH
            + "\"}";
    assertThat(post("/peer/v1/votes", vote).getStatus()).isEqualTo(202);
    verify(inbound)
        .receive(p(3), new PeerMessage.Vote(new Round(1, 2), PeerMessage.Phase.LOCK, HASH));
    String typed = vote.replace("{\"from\":\"peer-3\",", "{\"from\":\"peer-3\",\"type\":\"Vote\",");
    assertThat(post("/peer/v1/view-changes", typed).getStatus()).isEqualTo(400);
    verify(inbound).receive(any(), any());
    // The vote-chain protocol's routes are retired with its messages.
    assertThat(PeerMessagesServlet.SINGLE_ROUTES)
        .doesNotContainKeys("/peer/v1/verify-and-vote", "/peer/v1/commits")
        .containsOnlyKeys(
            "/peer/v1/proposals", "/peer/v1/votes", "/peer/v1/view-changes", "/peer/v1/tx-gossip");
    for (String route : PeerMessagesServlet.SINGLE_ROUTES.keySet()) {
      assertThat(post(route, "{\"from\":\"peer-2\"}").getStatus()).as(route).isEqualTo(400);
    }
  }

  @Test
  void only_post_is_taken_and_nothing_is_applied_otherwise() throws Exception {
    MockHttpServletRequest request = request("/peer/v1/messages", "{\"from\":\"peer-2\"}");
    request.setMethod("GET");
    MockHttpServletResponse response = new MockHttpServletResponse();
    servlet.service(request, response);
    assertThat(response.getStatus()).isEqualTo(405);
    assertThat(response.getHeader("Allow")).isEqualTo("POST");
    assertThat(json(response).get("error").stringValue()).contains("POST");
    verify(inbound, never()).receive(any(), any());
  }

  private MockHttpServletResponse post(String route, String body) throws Exception {
    return post(route, body.getBytes(StandardCharsets.UTF_8));
  }

  private MockHttpServletResponse post(String route, byte[] body) throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    servlet.service(request(route, body), response);
    return response;
  }

  private static MockHttpServletRequest request(String route, String body) {
    return request(route, body.getBytes(StandardCharsets.UTF_8));
  }

  private static MockHttpServletRequest request(String route, byte[] body) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", route);
    request.setServletPath(route);
    request.setContentType("application/json");
    request.setContent(body);
    return request;
  }

  private static JsonNode json(MockHttpServletResponse response) throws Exception {
    return JSON.readTree(response.getContentAsByteArray());
  }

  private static PeerId p(int n) {
    return PeerId.of("peer-" + n);
  }
}
