package io.qkdchain.peer.transport;

import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.qkdchain.peer.consensus.ChainStore;
import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.consensus.ConsensusSettings;
import io.qkdchain.peer.consensus.Membership;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.wire.PeerMessageCodec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The MVC peer route; the message routes are {@link PeerMessagesServletTest}. */
@WebMvcTest(controllers = PeerBlocksController.class)
class PeerRoutesTest {

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
              3);
      return new ClaimedSenderAuthenticator(members);
    }

    @Bean
    InboundLimits limits() {
      return InboundLimits.of(ConsensusSettings.defaults(), 2);
    }
  }

  @Autowired MockMvc mvc;
  @MockitoBean ChainStore chain;

  @Test
  void blocks_for_catch_up_are_served_in_pages() throws Exception {
    when(chain.get(0)).thenReturn(Optional.of(CommittedBlock.genesis()));
    mvc.perform(get("/peer/v1/blocks?from=0&limit=10"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].index").value(0))
        .andExpect(jsonPath("$[0].commit.lockedBy").isEmpty());
    mvc.perform(get("/peer/v1/blocks")).andExpect(status().isBadRequest());
  }
}
