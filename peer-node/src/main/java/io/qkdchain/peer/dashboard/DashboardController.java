package io.qkdchain.peer.dashboard;

import io.micrometer.core.instrument.MeterRegistry;
import io.qkdchain.peer.auth.LinkKeyRing;
import io.qkdchain.peer.config.AccessSettings;
import io.qkdchain.peer.config.LinkSettings;
import io.qkdchain.peer.config.PeerSettings;
import io.qkdchain.peer.consensus.ConsensusEngine;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.RoundSnapshot;
import io.qkdchain.peer.dashboard.LinkKeyLedger.LinkUsage;
import io.qkdchain.peer.storage.FileStateStore;
import io.qkdchain.peer.transport.HttpTransport;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * What the dashboard reads besides the chain: the cluster's shape (with each link's authentication
 * key), the round, live events, and the misbehaviour this peer proved of each member.
 */
@RestController
@Tag(
    name = "Dashboard",
    description = "Topology, current round, live round events and members' misbehaviour")
class DashboardController {

  private final PeerSettings settings;
  private final Hypercube cube;
  private final LinkKeyLedger ledger;
  private final LiveEvents events;
  private final ConsensusEngine engine;
  private final MisbehaviourTable misbehaviour;
  private final HttpTransport transport;
  private final FileStateStore state;
  private final LinkKeyRing linkKeys;
  private final AccessSettings access;

  DashboardController(
      PeerSettings settings,
      Hypercube cube,
      LinkKeyLedger ledger,
      LiveEvents events,
      ConsensusEngine engine,
      MeterRegistry registry,
      HttpTransport transport,
      FileStateStore state,
      LinkKeyRing linkKeys,
      AccessSettings access) {
    this.settings = settings;
    this.cube = cube;
    this.ledger = ledger;
    this.events = events;
    this.engine = engine;
    this.misbehaviour = new MisbehaviourTable(registry, settings.membership().others());
    this.transport = transport;
    this.state = state;
    this.linkKeys = linkKeys;
    this.access = access;
  }

  /**
   * The peers, their hypercube positions, and round-key bits per link as this peer knows them;
   * {@code quorum} distinct members act on a phase, {@code faults} ({@code f}) may lie.
   */
  record Topology(
      String self,
      int dimension,
      String keyMode,
      int quorum,
      int faults,
      long windowSeconds,
      List<PeerView> peers,
      List<LinkUsage> links,
      String peerAuth,
      List<LinkAuth> linkAuth) {}

  /**
   * One direction of one of this peer's links: the epoch and age of its authentication key and the
   * QKD key bits spent on authentication (docs/dashboard.md).
   */
  record LinkAuth(
      String peer,
      String direction,
      long epoch,
      long ageSeconds,
      long bitsSpent,
      boolean expired,
      String lastFailure) {}

  record PeerView(String id, int index, String url) {}

  @GetMapping("/api/v1/topology")
  @Operation(
      summary =
          "Peers, hypercube links, round-key bits per link and each link's authentication key")
  Topology topology() {
    List<PeerView> peers =
        cube.members().stream()
            .map(p -> new PeerView(p.value(), cube.index(p), settings.peerUrls().get(p).toString()))
            .toList();
    return new Topology(
        settings.self().value(),
        cube.dimension(),
        keyMode(),
        settings.membership().quorum(),
        settings.membership().faults(),
        ledger.window().toSeconds(),
        peers,
        ledger.links(),
        access.peerAuthMode().wireName(),
        linkKeys.views().stream()
            .map(
                v ->
                    new LinkAuth(
                        v.peer().value(),
                        v.direction().name().toLowerCase(java.util.Locale.ROOT),
                        v.epoch(),
                        v.ageMillis() < 0 ? -1 : v.ageMillis() / 1000,
                        v.bitsSpent(),
                        v.expired(),
                        v.lastFailure()))
            .toList());
  }

  private String keyMode() {
    long classical = settings.links().values().stream().filter(LinkSettings::classical).count();
    if (classical == 0) {
      return "qkd";
    }
    return classical == settings.links().size() ? "classical" : "mixed";
  }

  /**
   * The engine's picture of the round; before the engine's first step, an idle round. {@code
   * echoes}: distinct members whose Echo for the round's proposal this peer counted, of {@code
   * quorum} needed; with the counts of messages its outboxes dropped and batched and of the pending
   * log's fsyncs.
   */
  record RoundView(
      String peer,
      long height,
      int view,
      String proposer,
      String phase,
      String blockHash,
      int blockTransactions,
      int echoes,
      int quorum,
      int pendingTransactions,
      long outboxDropped,
      long outboxBatches,
      long pendingFsyncs) {}

  @GetMapping("/api/v1/round")
  @Operation(summary = "This peer's current round: proposer, phase, echoes against the quorum")
  RoundView round() {
    RoundSnapshot s = engine.snapshot();
    String self = settings.self().value();
    if (s == null) {
      return new RoundView(
          self,
          engine.height(),
          0,
          null,
          "IDLE",
          null,
          0,
          0,
          settings.membership().quorum(),
          0,
          transport.droppedMessages(),
          transport.batchesSent(),
          state.pendingFsyncs());
    }
    PeerId proposer = s.proposer();
    return new RoundView(
        self,
        s.round().height(),
        s.round().view(),
        proposer == null ? null : proposer.value(),
        s.phase().name(),
        s.blockHash(),
        s.blockTransactions(),
        s.votes(),
        s.threshold(),
        s.pooledTransactions(),
        transport.droppedMessages(),
        transport.batchesSent(),
        state.pendingFsyncs());
  }

  @GetMapping("/api/v1/misbehaviour")
  @Operation(
      summary = "What this peer proved to itself about each other member, by kind",
      description =
          "Counts since this peer started, one row per other member, a column per kind"
              + " (equivocation, bad-mac, not-proposer, invalid-block, contradiction,"
              + " false-catch-up); the same counts as qkdchain_member_misbehaviour_total. None is"
              + " proof to anyone else.")
  MisbehaviourTable.Table misbehaviour() {
    return misbehaviour.read();
  }

  @GetMapping(path = "/api/v1/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  @Operation(
      summary = "Live round events (server-sent events, JSON data)",
      description =
          "Each event is a RoundEvent: seq, at, peer, type, height, view, data. The recent events"
              + " are replayed first. Key IDs appear; key material never does.")
  SseEmitter events() {
    return events.subscribe();
  }

  @ExceptionHandler(StreamRefusedException.class)
  ResponseEntity<Map<String, String>> refused(StreamRefusedException e) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("error", e.getMessage(), "reason", "UNAVAILABLE"));
  }
}
