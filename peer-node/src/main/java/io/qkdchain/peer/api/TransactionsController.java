package io.qkdchain.peer.api;

import io.qkdchain.peer.consensus.Transaction;
import io.qkdchain.peer.consensus.TransactionStatus;
import io.qkdchain.peer.http.BoundedBody;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Client transactions (docs/api.md). A 202 is sent only after the transaction is fsync'd in this
 * peer's pending log; {@code ?wait=true} holds the answer until the commit or the wait timeout,
 * without holding a server thread.
 */
@RestController
class TransactionsController {

  private final TransactionIntake intake;
  private final ApiLimits limits;

  TransactionsController(TransactionIntake intake, ApiLimits limits) {
    this.intake = intake;
    this.limits = limits;
  }

  @PostMapping("/api/v1/transactions")
  CompletableFuture<ResponseEntity<Map<String, Object>>> submit(
      HttpServletRequest request,
      @RequestParam(name = "wait", defaultValue = "false") boolean wait) {
    return accept(request, "data", wait);
  }

  /** The original MVP's route, kept for its clients. */
  @PostMapping("/receive-transaction")
  CompletableFuture<ResponseEntity<Map<String, Object>>> receiveTransaction(
      HttpServletRequest request,
      @RequestParam(name = "wait", defaultValue = "false") boolean wait) {
    return accept(request, "transaction", wait);
  }

  @GetMapping("/api/v1/transactions/{id}")
  ResponseEntity<Map<String, Object>> status(@PathVariable("id") String id) {
    TransactionStatus status = intake.status(id);
    if (status.state() == TransactionStatus.State.UNKNOWN) {
      throw new UnknownResourceException("no transaction " + id + " is known to this peer");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("status", status.state().name());
    status.blockIndex().ifPresent(index -> body.put("blockIndex", index));
    return ResponseEntity.ok(body);
  }

  private CompletableFuture<ResponseEntity<Map<String, Object>>> accept(
      HttpServletRequest request, String field, boolean wait) {
    String data = TransactionRequest.text(BoundedBody.read(request, limits.maxBodyBytes()), field);
    Transaction tx = intake.submit(data);
    if (!wait) {
      return CompletableFuture.completedFuture(pending(tx.id()));
    }
    return intake
        .awaitCommit(tx.id())
        .toCompletableFuture()
        .thenApply(blockIndex -> committed(tx.id(), blockIndex))
        .exceptionally(failure -> pending(tx.id()))
        .completeOnTimeout(
            pending(tx.id()), limits.waitTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  private static ResponseEntity<Map<String, Object>> pending(String id) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("status", "PENDING");
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
  }

  private static ResponseEntity<Map<String, Object>> committed(String id, long blockIndex) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("status", "COMMITTED");
    body.put("blockIndex", blockIndex);
    return ResponseEntity.ok(body);
  }
}
