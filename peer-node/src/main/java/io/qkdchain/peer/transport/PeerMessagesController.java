package io.qkdchain.peer.transport;

import io.qkdchain.peer.consensus.ChainStore;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.PeerMessage;
import io.qkdchain.peer.http.BoundedBody;
import io.qkdchain.peer.wire.PeerMessageCodec;
import io.qkdchain.peer.wire.PeerMessageCodec.Batch;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The peer-to-peer routes of docs/messages.md. A body is read once, its credentials verified over
 * those exact bytes, then decoded whole, before any message reaches the engine: an unauthenticated
 * or malformed batch changes nothing.
 */
@RestController
@RequestMapping("/peer/v1")
class PeerMessagesController {

  private static final Map<String, String> ACCEPTED = Map.of("status", "accepted");

  private final PeerMessageCodec codec;
  private final InboundMessages inbound;
  private final PeerAuthenticator authenticator;
  private final ChainStore chain;
  private final InboundLimits limits;

  PeerMessagesController(
      PeerMessageCodec codec,
      InboundMessages inbound,
      PeerAuthenticator authenticator,
      ChainStore chain,
      InboundLimits limits) {
    this.codec = codec;
    this.inbound = inbound;
    this.authenticator = authenticator;
    this.chain = chain;
    this.limits = limits;
  }

  @PostMapping("/messages")
  ResponseEntity<Map<String, String>> batch(HttpServletRequest request) {
    authenticator.precheck(request);
    byte[] body = BoundedBody.read(request, limits.maxBodyBytes());
    PeerCaller caller = authenticator.verify(request, body);
    return deliver(caller, codec.decodeBatch(body));
  }

  @PostMapping("/proposals")
  ResponseEntity<Map<String, String>> proposal(HttpServletRequest request) {
    return single(request, "Proposal");
  }

  @PostMapping("/votes")
  ResponseEntity<Map<String, String>> vote(HttpServletRequest request) {
    return single(request, "Vote");
  }

  @PostMapping("/verify-and-vote")
  ResponseEntity<Map<String, String>> verifyAndVote(HttpServletRequest request) {
    return single(request, "VerifyAndVote");
  }

  @PostMapping("/commits")
  ResponseEntity<Map<String, String>> commit(HttpServletRequest request) {
    return single(request, "Commit");
  }

  @PostMapping("/view-changes")
  ResponseEntity<Map<String, String>> viewChange(HttpServletRequest request) {
    return single(request, "ViewChange");
  }

  @PostMapping("/tx-gossip")
  ResponseEntity<Map<String, String>> txGossip(HttpServletRequest request) {
    return single(request, "TxGossip");
  }

  @GetMapping(path = "/blocks", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<byte[]> blocks(
      HttpServletRequest request,
      @RequestParam("from") long from,
      @RequestParam(name = "limit", defaultValue = "100") int limit) {
    authenticator.verify(request, new byte[0]);
    if (from < 0 || limit < 1) {
      throw new IllegalArgumentException("from must be >= 0 and limit >= 1");
    }
    int capped = Math.min(limit, limits.maxBlocksPerPage());
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(codec.encodeBlocks(chain.range(from, capped)));
  }

  private ResponseEntity<Map<String, String>> single(HttpServletRequest request, String type) {
    authenticator.precheck(request);
    byte[] body = BoundedBody.read(request, limits.maxBodyBytes());
    PeerCaller caller = authenticator.verify(request, body);
    return deliver(caller, codec.decodeSingle(body, type));
  }

  private ResponseEntity<Map<String, String>> deliver(PeerCaller caller, Batch batch) {
    PeerId sender = caller.speakingAs(batch.from());
    for (PeerMessage message : batch.messages()) {
      inbound.receive(sender, message);
    }
    return ResponseEntity.accepted().body(ACCEPTED);
  }
}
