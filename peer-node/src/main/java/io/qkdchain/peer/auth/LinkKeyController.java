package io.qkdchain.peer.auth;

import io.qkdchain.peer.consensus.PeerId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /peer/v1/link-key?for=<sender>[&unreadable=<epoch>]} of docs/messages.md: the key IDs
 * a sender should read to tag its requests to this peer. Unauthenticated by necessity (a sender
 * asks before it holds any key) and harmless: it tells key IDs, which travel in the clear anyway,
 * and draws a key only for a link that has none, or once per redraw interval for a sender that
 * could not read the current one.
 */
@RestController
class LinkKeyController {

  private final LinkKeyRing keys;

  LinkKeyController(LinkKeyRing keys) {
    this.keys = keys;
  }

  @GetMapping(path = HttpLinkKeyAnnouncements.ROUTE, produces = MediaType.APPLICATION_JSON_VALUE)
  CompletableFuture<ResponseEntity<Map<String, Object>>> announcement(
      @RequestParam("for") String sender,
      @RequestParam(name = "unreadable", required = false) Long unreadable) {
    if (!keys.enabled()) {
      return CompletableFuture.completedFuture(
          error(HttpStatus.NOT_FOUND, "this peer does not authenticate its links with QKD keys"));
    }
    PeerId peer;
    try {
      peer = PeerId.of(sender);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(error(HttpStatus.BAD_REQUEST, e.getMessage()));
    }
    if (!keys.knows(peer)) {
      return CompletableFuture.completedFuture(
          error(HttpStatus.FORBIDDEN, peer + " is no other member of this cluster"));
    }
    OptionalLong unread = unreadable == null ? OptionalLong.empty() : OptionalLong.of(unreadable);
    return keys.receiving(peer)
        .asked(unread)
        .toCompletableFuture()
        .handle(
            (announcement, failure) -> {
              if (failure != null) {
                Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                return error(HttpStatus.SERVICE_UNAVAILABLE, cause.getMessage());
              }
              Map<String, Object> body = new LinkedHashMap<>();
              body.put("epoch", announcement.epoch());
              body.put("bits", announcement.bits());
              body.put("keyIds", announcement.keyIds());
              return ResponseEntity.ok()
                  .header(LinkKeyAnnouncement.HEADER, announcement.format())
                  .body(body);
            });
  }

  private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String message) {
    return ResponseEntity.status(status).body(Map.of("error", String.valueOf(message)));
  }
}
