package io.qkdchain.peer.transport;

import io.qkdchain.peer.consensus.ChainStore;
import io.qkdchain.peer.wire.BlockPage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /peer/v1/blocks} of docs/messages.md: committed blocks, with their evidence, for a
 * peer catching up. The message routes are {@link PeerMessagesServlet}.
 */
@RestController
class PeerBlocksController {

  private final PeerAuthenticator authenticator;
  private final ChainStore chain;
  private final InboundLimits limits;

  PeerBlocksController(PeerAuthenticator authenticator, ChainStore chain, InboundLimits limits) {
    this.authenticator = authenticator;
    this.chain = chain;
    this.limits = limits;
  }

  @GetMapping(path = "/peer/v1/blocks", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<byte[]> blocks(
      HttpServletRequest request,
      HttpServletResponse response,
      @RequestParam("from") long from,
      @RequestParam(name = "limit", defaultValue = "100") int limit) {
    authenticator.annotate(request, response);
    authenticator.verify(request, new byte[0]);
    if (from < 0 || limit < 1) {
      throw new IllegalArgumentException("from must be >= 0 and limit >= 1");
    }
    int capped = Math.min(limit, limits.maxBlocksPerPage());
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(BlockPage.encode(chain, from, capped, limits.maxPageBytes()));
  }
}
