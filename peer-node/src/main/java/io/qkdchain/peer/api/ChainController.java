package io.qkdchain.peer.api;

import io.qkdchain.peer.consensus.ChainStore;
import io.qkdchain.peer.storage.ChainVerification;
import io.qkdchain.peer.storage.ChainVerifier;
import io.qkdchain.peer.wire.BlockJson;
import io.qkdchain.peer.wire.BlockPage;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reading the chain: blocks as docs/messages.md "Block JSON", and its latest verification. */
@RestController
class ChainController {

  private final ChainStore chain;
  private final ChainVerifier verifier;
  private final ApiLimits limits;
  private final ClientRateLimits rates;

  ChainController(
      ChainStore chain, ChainVerifier verifier, ApiLimits limits, ClientRateLimits rates) {
    this.chain = chain;
    this.verifier = verifier;
    this.limits = limits;
    this.rates = rates;
  }

  @GetMapping(path = "/api/v1/blocks", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<byte[]> blocks(
      HttpServletRequest request,
      @RequestParam(name = "from", defaultValue = "0") long from,
      @RequestParam(name = "limit", defaultValue = "100") int limit) {
    if (from < 0) {
      throw new BadRequestException("from must be >= 0, got " + from);
    }
    if (limit < 1) {
      throw new BadRequestException("limit must be >= 1, got " + limit);
    }
    rates.take(ClientRateLimits.Route.BLOCKS, request.getRemoteAddr());
    int capped = Math.min(limit, limits.maxBlocksPerPage());
    return json(BlockPage.encode(chain, from, capped, limits.maxPageBytes()));
  }

  @GetMapping(path = "/api/v1/blocks/{index}", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<byte[]> block(@PathVariable("index") long index) {
    return chain
        .get(index)
        .map(block -> json(BlockJson.encode(block)))
        .orElseThrow(() -> new UnknownResourceException("no block #" + index + " on this peer"));
  }

  /**
   * The latest verification and when it finished; asks for a background re-scan (which starts
   * unless one runs or the last finished within the minimum interval). Never waits for a scan.
   */
  @GetMapping("/api/v1/chain/verify")
  Map<String, Object> verify(HttpServletRequest request) {
    rates.take(ClientRateLimits.Route.VERIFY, request.getRemoteAddr());
    boolean scanning = verifier.requestScan().isPresent();
    ChainVerification result = verifier.latest();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("valid", result.valid());
    body.put("height", result.height());
    result.firstBadIndex().ifPresent(index -> body.put("firstBadIndex", index));
    if (result.problem() != null) {
      body.put("problem", result.problem());
    }
    body.put("scope", result.scope().name());
    body.put("checkedAt", result.checkedAt().toString());
    body.put("tookMillis", result.took().toMillis());
    body.put("scanning", scanning);
    return body;
  }

  private static ResponseEntity<byte[]> json(byte[] body) {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
  }
}
