package io.qkdchain.peer.api;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.qkdchain.peer.consensus.Block;
import io.qkdchain.peer.consensus.ChainStore;
import io.qkdchain.peer.consensus.CommitCertificate;
import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.consensus.Transaction;
import io.qkdchain.peer.consensus.TransactionRejectedException;
import io.qkdchain.peer.consensus.TransactionRejectedException.Reason;
import io.qkdchain.peer.consensus.TransactionStatus;
import io.qkdchain.peer.consensus.VotePair;
import io.qkdchain.peer.storage.ChainVerification;
import io.qkdchain.peer.storage.ChainVerifier;
import io.qkdchain.peer.wire.PeerMessageCodec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

@WebMvcTest(controllers = {TransactionsController.class, ChainController.class})
class ClientApiTest {

  private static final int MAX_TX = 1000;

  @TestConfiguration
  static class Beans {
    @Bean
    ApiLimits apiLimits() {
      return ApiLimits.of(MAX_TX, Duration.ofMillis(300), 2);
    }

    @Bean
    PeerMessageCodec codec() {
      return new PeerMessageCodec();
    }
  }

  @Autowired MockMvc mvc;
  @MockitoBean TransactionIntake intake;
  @MockitoBean ChainStore chain;
  @MockitoBean ChainVerifier verifier;

  @Test
  void a_transaction_is_accepted_with_202_and_its_id() throws Exception {
    when(intake.submit("hello")).thenReturn(new Transaction("id-1", "hello"));
    MvcResult result =
        mvc.perform(json(post("/api/v1/transactions"), "{\"data\": \"hello\"}")).andReturn();
    mvc.perform(asyncDispatch(result))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.id").value("id-1"))
        .andExpect(jsonPath("$.status").value("PENDING"));
  }

  @Test
  void the_original_route_takes_a_transaction_field() throws Exception {
    when(intake.submit("legacy")).thenReturn(new Transaction("id-2", "legacy"));
    MvcResult result =
        mvc.perform(json(post("/receive-transaction"), "{\"transaction\": \"legacy\"}"))
            .andReturn();
    mvc.perform(asyncDispatch(result))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.id").value("id-2"));
  }

  @Test
  void waiting_answers_200_with_the_block_once_committed() throws Exception {
    when(intake.submit("wait")).thenReturn(new Transaction("id-3", "wait"));
    when(intake.awaitCommit("id-3")).thenReturn(CompletableFuture.completedFuture(7L));
    MvcResult result =
        mvc.perform(json(post("/api/v1/transactions?wait=true"), "{\"data\": \"wait\"}"))
            .andReturn();
    mvc.perform(asyncDispatch(result))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("COMMITTED"))
        .andExpect(jsonPath("$.blockIndex").value(7));
  }

  @Test
  void waiting_answers_202_when_the_commit_does_not_come_in_time() throws Exception {
    when(intake.submit("slow")).thenReturn(new Transaction("id-4", "slow"));
    when(intake.awaitCommit("id-4")).thenReturn(new CompletableFuture<>());
    MvcResult result =
        mvc.perform(json(post("/api/v1/transactions?wait=true"), "{\"data\": \"slow\"}"))
            .andReturn();
    result.getAsyncResult(5_000);
    mvc.perform(asyncDispatch(result))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.status").value("PENDING"));
  }

  @Test
  void malformed_json_a_missing_field_or_a_wrong_type_is_400_and_nothing_is_submitted()
      throws Exception {
    for (String body : List.of("{\"data\": ", "{}", "{\"data\": 42}", "[\"data\"]", "")) {
      mvc.perform(json(post("/api/v1/transactions"), body))
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.reason").value("MALFORMED_REQUEST"))
          .andExpect(jsonPath("$.error").isString());
    }
    verify(intake, never()).submit(anyString());
  }

  @Test
  void the_engine_s_refusals_map_to_400_413_and_503() throws Exception {
    when(intake.submit(anyString()))
        .thenThrow(new TransactionRejectedException(Reason.EMPTY, "empty"))
        .thenThrow(new TransactionRejectedException(Reason.TOO_LARGE, "too large"))
        .thenThrow(new TransactionRejectedException(Reason.POOL_FULL, "full"));
    mvc.perform(json(post("/api/v1/transactions"), "{\"data\": \"\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.reason").value("EMPTY"));
    mvc.perform(json(post("/api/v1/transactions"), "{\"data\": \"x\"}"))
        .andExpect(status().isContentTooLarge())
        .andExpect(jsonPath("$.reason").value("TOO_LARGE"));
    mvc.perform(json(post("/api/v1/transactions"), "{\"data\": \"x\"}"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(jsonPath("$.reason").value("POOL_FULL"))
        .andExpect(jsonPath("$.error").value("full"));
  }

  @Test
  void a_body_over_the_raw_limit_is_413_before_parsing() throws Exception {
    String huge = "{\"data\": \"" + "x".repeat(20 * MAX_TX) + "\"}";
    mvc.perform(json(post("/api/v1/transactions"), huge))
        .andExpect(status().isContentTooLarge())
        .andExpect(jsonPath("$.reason").value("TOO_LARGE"));
    verify(intake, never()).submit(anyString());
  }

  @Test
  void a_transaction_status_is_pending_committed_or_404() throws Exception {
    when(intake.status("p"))
        .thenReturn(
            new TransactionStatus("p", TransactionStatus.State.PENDING, OptionalLong.empty()));
    when(intake.status("c"))
        .thenReturn(
            new TransactionStatus("c", TransactionStatus.State.COMMITTED, OptionalLong.of(3)));
    when(intake.status("u"))
        .thenReturn(
            new TransactionStatus("u", TransactionStatus.State.UNKNOWN, OptionalLong.empty()));
    mvc.perform(get("/api/v1/transactions/p"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("PENDING"))
        .andExpect(jsonPath("$.blockIndex").doesNotExist());
    mvc.perform(get("/api/v1/transactions/c"))
        .andExpect(jsonPath("$.status").value("COMMITTED"))
        .andExpect(jsonPath("$.blockIndex").value(3));
    mvc.perform(get("/api/v1/transactions/u"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.reason").value("NOT_FOUND"));
  }

  @Test
  void blocks_are_served_as_block_json_with_a_capped_page() throws Exception {
    CommittedBlock first = block();
    when(chain.range(0, 2)).thenReturn(List.of(CommittedBlock.genesis(), first));
    mvc.perform(get("/api/v1/blocks?from=0&limit=50"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.length()").value(2))
        .andExpect(jsonPath("$[0].data").value("Genesis block"))
        .andExpect(jsonPath("$[0].hash").value(Block.genesis().hash()))
        .andExpect(jsonPath("$[1].index").value(1))
        .andExpect(jsonPath("$[1].previousBlockHash").value(Block.genesis().hash()))
        .andExpect(jsonPath("$[1].transactions[0].id").value("t1"))
        .andExpect(jsonPath("$[1].commit.votes[0][0]").value("peer-1"));
    mvc.perform(get("/api/v1/blocks?from=-1")).andExpect(status().isBadRequest());
  }

  @Test
  void a_single_block_is_served_or_404() throws Exception {
    when(chain.get(1)).thenReturn(Optional.of(block()));
    when(chain.get(9)).thenReturn(Optional.empty());
    mvc.perform(get("/api/v1/blocks/1"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.data").value("one"))
        .andExpect(jsonPath("$.timestamp").value(1234));
    mvc.perform(get("/api/v1/blocks/9"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.error").value(containsString("#9")));
    mvc.perform(get("/api/v1/blocks/nine")).andExpect(status().isBadRequest());
  }

  @Test
  void chain_verification_reports_validity_height_and_the_first_bad_block() throws Exception {
    when(verifier.verify())
        .thenReturn(
            new ChainVerification(true, 5, OptionalLong.empty(), null),
            new ChainVerification(false, 2, OptionalLong.of(2), "checksum mismatch"));
    mvc.perform(get("/api/v1/chain/verify"))
        .andExpect(jsonPath("$.valid").value(true))
        .andExpect(jsonPath("$.height").value(5))
        .andExpect(jsonPath("$.firstBadIndex").doesNotExist());
    mvc.perform(get("/api/v1/chain/verify"))
        .andExpect(jsonPath("$.valid").value(false))
        .andExpect(jsonPath("$.firstBadIndex").value(2));
  }

  private static CommittedBlock block() {
    Block block = new Block(1, Block.genesis().hash(), 1234, List.of(new Transaction("t1", "one")));
    return new CommittedBlock(
        block,
        new CommitCertificate(
            new Round(1, 0),
            block.hash(),
            List.of(new VotePair(PeerId.of("peer-1"), PeerId.of("peer-2")))));
  }

  private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder json(
      org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
      String body) {
    return request.contentType(MediaType.APPLICATION_JSON).content(body);
  }
}
