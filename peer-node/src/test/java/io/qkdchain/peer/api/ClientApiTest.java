package io.qkdchain.peer.api;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.qkdchain.peer.consensus.Block;
import io.qkdchain.peer.consensus.ChainStore;
import io.qkdchain.peer.consensus.CommitCertificate;
import io.qkdchain.peer.consensus.CommittedBlock;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.consensus.Transaction;
import io.qkdchain.peer.consensus.TransactionStatus;
import io.qkdchain.peer.storage.ChainVerification;
import io.qkdchain.peer.storage.ChainVerifier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

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
    ClientRateLimits rates() {
      return new ClientRateLimits(1000, 60, 100);
    }
  }

  @Autowired MockMvc mvc;
  @MockitoBean TransactionIntake intake;
  @MockitoBean ChainStore chain;
  @MockitoBean ChainVerifier verifier;

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
    when(chain.get(0)).thenReturn(Optional.of(CommittedBlock.genesis()));
    when(chain.get(1)).thenReturn(Optional.of(first));
    mvc.perform(get("/api/v1/blocks?from=0&limit=50"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.length()").value(2))
        .andExpect(jsonPath("$[0].data").value("Genesis block"))
        .andExpect(jsonPath("$[0].hash").value(Block.genesis().hash()))
        .andExpect(jsonPath("$[1].index").value(1))
        .andExpect(jsonPath("$[1].previousBlockHash").value(Block.genesis().hash()))
        .andExpect(jsonPath("$[1].transactions[0].id").value("t1"))
        .andExpect(jsonPath("$[0].commit.lockedBy").isEmpty())
        .andExpect(jsonPath("$[1].commit.view").value(0))
        .andExpect(jsonPath("$[1].commit.lockedBy.length()").value(3))
        .andExpect(jsonPath("$[1].commit.lockedBy[2]").value("peer-3"))
        .andExpect(jsonPath("$[1].commit.votes").doesNotExist());
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
  void chain_verification_reports_the_latest_result_and_when_it_was_taken() throws Exception {
    Instant at = Instant.parse("2026-01-02T03:04:05Z");
    when(verifier.requestScan())
        .thenReturn(Optional.empty(), Optional.of(new CompletableFuture<>()));
    when(verifier.latest())
        .thenReturn(
            new ChainVerification(
                true,
                5,
                OptionalLong.empty(),
                null,
                ChainVerification.Scope.SINCE_CHECKPOINT,
                at,
                Duration.ofMillis(12)),
            new ChainVerification(
                false,
                2,
                OptionalLong.of(2),
                "checksum mismatch",
                ChainVerification.Scope.FULL,
                at,
                Duration.ofMillis(40)));
    mvc.perform(get("/api/v1/chain/verify"))
        .andExpect(jsonPath("$.valid").value(true))
        .andExpect(jsonPath("$.height").value(5))
        .andExpect(jsonPath("$.firstBadIndex").doesNotExist())
        .andExpect(jsonPath("$.scope").value("SINCE_CHECKPOINT"))
        .andExpect(jsonPath("$.checkedAt").value("2026-01-02T03:04:05Z"))
        .andExpect(jsonPath("$.tookMillis").value(12))
        .andExpect(jsonPath("$.scanning").value(false));
    mvc.perform(get("/api/v1/chain/verify"))
        .andExpect(jsonPath("$.valid").value(false))
        .andExpect(jsonPath("$.firstBadIndex").value(2))
        .andExpect(jsonPath("$.problem").value("checksum mismatch"))
        .andExpect(jsonPath("$.scope").value("FULL"))
        .andExpect(jsonPath("$.scanning").value(true));
  }

  @Test
  void verify_requests_over_the_rate_are_answered_429_with_retry_after() throws Exception {
    when(verifier.latest())
        .thenReturn(
            new ChainVerification(
                true,
                1,
                OptionalLong.empty(),
                null,
                ChainVerification.Scope.FULL,
                Instant.now(),
                Duration.ZERO));
    // 60 a minute: a burst of 6, then one a second.
    for (int i = 0; i < 6; i++) {
      mvc.perform(get("/api/v1/chain/verify").with(from("10.1.1.1"))).andExpect(status().isOk());
    }
    mvc.perform(get("/api/v1/chain/verify").with(from("10.1.1.1")))
        .andExpect(status().isTooManyRequests())
        .andExpect(header().string("Retry-After", "1"))
        .andExpect(jsonPath("$.reason").value("RATE_LIMITED"))
        .andExpect(jsonPath("$.error").value(containsString("60 requests a minute")));
    // Another client has its own bucket.
    mvc.perform(get("/api/v1/chain/verify").with(from("10.1.1.2"))).andExpect(status().isOk());
  }

  private static RequestPostProcessor from(String address) {
    return request -> {
      request.setRemoteAddr(address);
      return request;
    };
  }

  private static CommittedBlock block() {
    Block block = new Block(1, Block.genesis().hash(), 1234, List.of(new Transaction("t1", "one")));
    return new CommittedBlock(
        block,
        new CommitCertificate(
            new Round(1, 0),
            block.hash(),
            List.of(PeerId.of("peer-1"), PeerId.of("peer-2"), PeerId.of("peer-3"))));
  }
}
