package io.qkdchain.peer.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.qkdchain.peer.consensus.Transaction;
import io.qkdchain.peer.consensus.TransactionRejectedException;
import io.qkdchain.peer.consensus.TransactionRejectedException.Reason;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TransactionSubmitServletTest {

  private static final int MAX_TX = 1000;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final TransactionIntake intake = mock(TransactionIntake.class);
  private final TransactionSubmitServlet servlet =
      new TransactionSubmitServlet(
          intake, ApiLimits.of(MAX_TX, Duration.ofSeconds(10), 2), "/api/v1/transactions", "data");

  @Test
  void a_transaction_is_accepted_with_202_its_id_and_a_content_length() throws Exception {
    when(intake.submit("hello")).thenReturn(new Transaction("id-1", "hello"));
    MockHttpServletResponse response = post("", "{\"data\": \"hello\"}");
    assertThat(response.getStatus()).isEqualTo(202);
    assertThat(response.getContentType()).isEqualTo("application/json");
    assertThat(response.getContentLength()).isEqualTo(response.getContentAsByteArray().length);
    assertThat(body(response).get("id").stringValue()).isEqualTo("id-1");
    assertThat(body(response).get("status").stringValue()).isEqualTo("PENDING");
  }

  @Test
  void the_original_route_takes_a_transaction_field() throws Exception {
    TransactionSubmitServlet original =
        new TransactionSubmitServlet(
            intake,
            ApiLimits.of(MAX_TX, Duration.ofSeconds(10), 2),
            "/receive-transaction",
            "transaction");
    when(intake.submit("legacy")).thenReturn(new Transaction("id-2", "legacy"));
    MockHttpServletRequest request = request("POST", "", "{\"transaction\": \"legacy\"}");
    MockHttpServletResponse response = new MockHttpServletResponse();
    original.service(request, response);
    assertThat(response.getStatus()).isEqualTo(202);
    assertThat(body(response).get("id").stringValue()).isEqualTo("id-2");
  }

  @Test
  void waiting_holds_the_answer_until_the_commit_then_answers_200_with_the_block()
      throws Exception {
    CompletableFuture<Long> commit = new CompletableFuture<>();
    when(intake.submit("wait")).thenReturn(new Transaction("id-3", "wait"));
    when(intake.awaitCommit("id-3")).thenReturn(commit);
    MockHttpServletRequest request = request("POST", "wait=true", "{\"data\": \"wait\"}");
    MockHttpServletResponse response = new MockHttpServletResponse();
    servlet.service(request, response);
    assertThat(request.isAsyncStarted()).isTrue();
    assertThat(response.getContentAsByteArray()).isEmpty();

    commit.complete(7L);

    assertThat(request.isAsyncStarted()).as("completed").isFalse();
    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(body(response).get("status").stringValue()).isEqualTo("COMMITTED");
    assertThat(body(response).get("blockIndex").longValue()).isEqualTo(7);
  }

  @Test
  void waiting_answers_202_at_the_timeout_and_a_later_commit_writes_nothing_more()
      throws Exception {
    CompletableFuture<Long> commit = new CompletableFuture<>();
    when(intake.submit("slow")).thenReturn(new Transaction("id-4", "slow"));
    when(intake.awaitCommit("id-4")).thenReturn(commit);
    MockHttpServletRequest request = request("POST", "wait=true", "{\"data\": \"slow\"}");
    MockHttpServletResponse response = new MockHttpServletResponse();
    servlet.service(request, response);
    MockAsyncContext async = (MockAsyncContext) request.getAsyncContext();
    assertThat(async.getTimeout()).isEqualTo(10_000);

    for (AsyncListener listener : async.getListeners()) {
      listener.onTimeout(new AsyncEvent(async));
    }
    byte[] answered = response.getContentAsByteArray();
    commit.complete(8L);

    assertThat(response.getStatus()).isEqualTo(202);
    assertThat(body(response).get("status").stringValue()).isEqualTo("PENDING");
    assertThat(response.getContentAsByteArray()).isEqualTo(answered);
  }

  @Test
  void a_failed_wait_answers_202_pending() throws Exception {
    when(intake.submit("lost")).thenReturn(new Transaction("id-5", "lost"));
    when(intake.awaitCommit("id-5"))
        .thenReturn(CompletableFuture.failedFuture(new IllegalStateException("engine stopped")));
    MockHttpServletResponse response = post("wait=true", "{\"data\": \"lost\"}");
    assertThat(response.getStatus()).isEqualTo(202);
    assertThat(body(response).get("status").stringValue()).isEqualTo("PENDING");
  }

  @Test
  void nothing_is_written_to_a_client_that_has_gone() throws Exception {
    CompletableFuture<Long> commit = new CompletableFuture<>();
    when(intake.submit("gone")).thenReturn(new Transaction("id-6", "gone"));
    when(intake.awaitCommit("id-6")).thenReturn(commit);
    MockHttpServletRequest request = request("POST", "wait=true", "{\"data\": \"gone\"}");
    MockHttpServletResponse response = new MockHttpServletResponse();
    servlet.service(request, response);
    MockAsyncContext async = (MockAsyncContext) request.getAsyncContext();
    for (AsyncListener listener : async.getListeners()) {
      listener.onError(new AsyncEvent(async, new java.io.IOException("connection reset")));
    }
    commit.complete(9L);
    assertThat(response.getContentAsByteArray()).isEmpty();
  }

  @Test
  void wait_is_read_as_spring_reads_a_boolean_and_only_from_the_query_string() {
    for (String yes :
        List.of("wait=true", "wait=TRUE", "wait=on", "wait=yes", "wait=1", "x=2&wait=true")) {
      assertThat(TransactionSubmitServlet.waitParameter(yes)).as(yes).isTrue();
    }
    for (String no :
        List.of("wait=false", "wait=0", "wait=off", "wait=no", "wait=", "wait", "w=1")) {
      assertThat(TransactionSubmitServlet.waitParameter(no)).as(no).isFalse();
    }
    assertThat(TransactionSubmitServlet.waitParameter(null)).isFalse();
    assertThat(TransactionSubmitServlet.waitParameter("wai%74=tru%65")).isTrue();
    assertThatThrownBy(() -> TransactionSubmitServlet.waitParameter("wait=maybe"))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("'wait'");
    assertThatThrownBy(() -> TransactionSubmitServlet.waitParameter("wait%zz=1"))
        .isInstanceOf(BadRequestException.class);
  }

  @Test
  void an_invalid_wait_is_400_and_nothing_is_submitted() throws Exception {
    MockHttpServletResponse response = post("wait=maybe", "{\"data\": \"x\"}");
    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(body(response).get("reason").stringValue()).isEqualTo("MALFORMED_REQUEST");
    verify(intake, never()).submit(anyString());
  }

  @Test
  void malformed_json_a_missing_field_or_a_wrong_type_is_400_and_nothing_is_submitted()
      throws Exception {
    for (String json : List.of("{\"data\": ", "{}", "{\"data\": 42}", "[\"data\"]", "")) {
      MockHttpServletResponse response = post("", json);
      assertThat(response.getStatus()).as(json).isEqualTo(400);
      assertThat(body(response).get("reason").stringValue()).isEqualTo("MALFORMED_REQUEST");
      assertThat(body(response).get("error").stringValue()).isNotBlank();
    }
    verify(intake, never()).submit(anyString());
  }

  @Test
  void the_engine_s_refusals_map_to_400_413_and_503() throws Exception {
    when(intake.submit(anyString()))
        .thenThrow(new TransactionRejectedException(Reason.EMPTY, "empty"))
        .thenThrow(new TransactionRejectedException(Reason.TOO_LARGE, "too large"))
        .thenThrow(new TransactionRejectedException(Reason.POOL_FULL, "full"))
        .thenThrow(new TransactionRejectedException(Reason.STOPPED, "stopped"));
    assertRefused(post("", "{\"data\": \"\"}"), 400, "EMPTY");
    assertRefused(post("", "{\"data\": \"x\"}"), 413, "TOO_LARGE");
    MockHttpServletResponse full = post("", "{\"data\": \"x\"}");
    assertRefused(full, 503, "POOL_FULL");
    assertThat(body(full).get("error").stringValue()).isEqualTo("full");
    assertRefused(post("wait=true", "{\"data\": \"x\"}"), 503, "STOPPED");
  }

  @Test
  void a_body_over_the_raw_limit_is_413_before_parsing() throws Exception {
    String huge = "{\"data\": \"" + "x".repeat(20 * MAX_TX) + "\"}";
    assertRefused(post("", huge), 413, "TOO_LARGE");
    verify(intake, never()).submit(anyString());
  }

  @Test
  void other_methods_are_405_with_allow_post_and_nothing_is_submitted() throws Exception {
    for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
      MockHttpServletResponse response = new MockHttpServletResponse();
      servlet.service(request(method, "", "{\"data\": \"x\"}"), response);
      assertThat(response.getStatus()).as(method).isEqualTo(405);
      assertThat(response.getHeader("Allow")).isEqualTo("POST");
      assertThat(body(response).get("reason").stringValue()).isEqualTo("METHOD_NOT_ALLOWED");
    }
    verify(intake, never()).submit(anyString());
  }

  @Test
  void a_failure_that_is_not_the_client_s_doing_is_left_to_the_container() {
    when(intake.submit("x")).thenThrow(new IllegalStateException("disk gone"));
    assertThatThrownBy(() -> post("", "{\"data\": \"x\"}"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("disk gone");
  }

  private MockHttpServletResponse post(String query, String json) throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    servlet.service(request("POST", query, json), response);
    return response;
  }

  private static MockHttpServletRequest request(String method, String query, String json) {
    MockHttpServletRequest request = new MockHttpServletRequest(method, "/api/v1/transactions");
    request.setQueryString(query.isEmpty() ? null : query);
    request.setContentType("application/json");
    request.setContent(json.getBytes(StandardCharsets.UTF_8));
    request.setAsyncSupported(true);
    return request;
  }

  private static JsonNode body(MockHttpServletResponse response) throws Exception {
    return JSON.readTree(response.getContentAsByteArray());
  }

  private static void assertRefused(MockHttpServletResponse response, int status, String reason)
      throws Exception {
    assertThat(response.getStatus()).isEqualTo(status);
    assertThat(body(response).get("reason").stringValue()).isEqualTo(reason);
  }
}
