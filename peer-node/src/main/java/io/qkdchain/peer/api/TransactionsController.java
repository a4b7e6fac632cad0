package io.qkdchain.peer.api;

import io.qkdchain.peer.consensus.TransactionStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A transaction's status (docs/api.md). Submissions take {@link TransactionSubmitServlet}, the
 * route every client write takes.
 */
@RestController
class TransactionsController {

  private final TransactionIntake intake;

  TransactionsController(TransactionIntake intake) {
    this.intake = intake;
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
}
