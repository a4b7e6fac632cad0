package io.qkdchain.peer.transport;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.qkdchain.peer.consensus.ChainStore;
import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.consensus.ConsensusSettings;
import io.qkdchain.peer.consensus.Membership;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.PeerMessage;
import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.consensus.Transaction;
import io.qkdchain.peer.consensus.VotePair;
import io.qkdchain.peer.wire.PeerMessageCodec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(controllers = PeerMessagesController.class)
class PeerRoutesTest {

  private static final String HASH = "ab".repeat(32);

  @TestConfiguration
  static class Beans {
    @Bean
    PeerMessageCodec codec() {
      return new PeerMessageCodec();
    }

    @Bean
    PeerAuthenticator authenticator() {
      Membership members =
          new Membership(
              List.of(
                  PeerId.of("peer-1"),
                  PeerId.of("peer-2"),
                  PeerId.of("peer-3"),
                  PeerId.of("peer-4")),
              PeerId.of("peer-1"),
              12);
      return new ClaimedSenderAuthenticator(members);
    }

    @Bean
    InboundLimits limits() {
      return InboundLimits.of(ConsensusSettings.defaults(), 2);
    }
  }

  @Autowired MockMvc mvc;
  @Autowired PeerMessageCodec codec;
  @MockitoBean InboundMessages inbound;
  @MockitoBean ChainStore chain;

  @Test
  void a_batch_is_decoded_and_every_message_handed_to_the_engine_from_its_sender()
      throws Exception {
    PeerMessage vote = new PeerMessage.Vote(new Round(1, 0), HASH, new VotePair(p(2), p(3)));
    PeerMessage gossip = new PeerMessage.TxGossip(List.of(new Transaction("t", "d")));
    byte[] body = codec.batchBody(p(2), List.of(codec.encode(vote), codec.encode(gossip)));
    mvc.perform(post("/peer/v1/messages").contentType(MediaType.APPLICATION_JSON).content(body))
        .andExpect(status().isAccepted());
    verify(inbound).receive(p(2), vote);
    verify(inbound).receive(p(2), gossip);
  }

  @Test
  void a_batch_with_one_bad_message_is_400_and_nothing_of_it_is_applied() throws Exception {
    String body =
        "{\"from\":\"peer-2\",\"messages\":[{\"type\":\"TxGossip\",\"transactions\":[]},"
            + "{\"type\":\"Nonsense\"}]}";
    mvc.perform(post("/peer/v1/messages").contentType(MediaType.APPLICATION_JSON).content(body))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.error").value("batch.messages[1].type: unknown type Nonsense"));
    verify(inbound, never()).receive(any(), any());
  }

  @Test
  void a_sender_outside_the_cluster_is_403() throws Exception {
    String body = "{\"from\":\"peer-9\",\"messages\":[]}";
    mvc.perform(post("/peer/v1/messages").contentType(MediaType.APPLICATION_JSON).content(body))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.error").isString());
  }

  @Test
  void typed_routes_take_one_message_of_their_type() throws Exception {
    String vote =
        "{\"from\":\"peer-3\",\"height\":1,\"view\":0,\"blockHash\":\""
            + HASH
            + "\",\"initiator\":\"peer-1\",\"voter\":\"peer-3\"}";
    mvc.perform(post("/peer/v1/votes").contentType(MediaType.APPLICATION_JSON).content(vote))
        .andExpect(status().isAccepted());
    verify(inbound)
        .receive(p(3), new PeerMessage.Vote(new Round(1, 0), HASH, new VotePair(p(1), p(3))));
    mvc.perform(post("/peer/v1/commits").contentType(MediaType.APPLICATION_JSON).content(vote))
        .andExpect(status().isBadRequest());
    for (String route :
        List.of("proposals", "verify-and-vote", "view-changes", "tx-gossip", "commits")) {
      mvc.perform(
              post("/peer/v1/" + route)
                  .contentType(MediaType.APPLICATION_JSON)
                  .content("{\"from\":\"peer-2\"}"))
          .andExpect(status().isBadRequest());
    }
  }

  @Test
  void blocks_for_catch_up_are_served_in_pages() throws Exception {
    when(chain.range(0, 2)).thenReturn(List.of(CommittedBlock.genesis()));
    mvc.perform(get("/peer/v1/blocks?from=0&limit=10"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].index").value(0))
        .andExpect(jsonPath("$[0].commit.votes").isEmpty());
    mvc.perform(get("/peer/v1/blocks")).andExpect(status().isBadRequest());
  }

  private static PeerId p(int n) {
    return PeerId.of("peer-" + n);
  }
}
