package io.qkdchain.peer.consensus;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Fetches committed blocks this peer lacks (docs/protocol.md, "Catch-up"). Nothing is believed
 * second-hand: a block is adopted only when {@code f + 1} members answered with it at that index
 * (so at least one honest member committed it), or when it is linked by previous-block hashes to
 * such a block from the same answer. A committed block is never overwritten.
 */
final class CatchUp {

  static final int BATCH = 64;

  private final PeerContext ctx;
  private final ChainPosition position;
  private final Consumer<CommittedBlock> append;
  private final Set<PeerId> inFlight = new HashSet<>();

  /** The answers for the current height, one per member; cleared when the height moves. */
  private final Map<PeerId, List<CommittedBlock>> answers = new LinkedHashMap<>();

  private long answersFor = -1;

  CatchUp(PeerContext ctx, ChainPosition position, Consumer<CommittedBlock> append) {
    this.ctx = ctx;
    this.position = position;
    this.append = append;
  }

  /** Asks every other member for blocks from this peer's height; one request per peer at a time. */
  void fromAll() {
    ctx.membership().others().forEach(this::from);
  }

  private void from(PeerId peer) {
    if (!inFlight.add(peer)) {
      return;
    }
    long fromIndex = position.height();
    ctx.onLoop(
        PeerContext.call(() -> ctx.transport().fetchBlocks(peer, fromIndex, BATCH)),
        (blocks, error) -> {
          inFlight.remove(peer);
          if (error == null && blocks != null) {
            answered(peer, fromIndex, blocks);
          }
        });
  }

  private void answered(PeerId peer, long fromIndex, List<CommittedBlock> blocks) {
    if (fromIndex != position.height()) {
      return;
    }
    if (answersFor != fromIndex) {
      answers.clear();
      answersFor = fromIndex;
    }
    answers.put(peer, blocks.stream().filter(b -> b.index() >= fromIndex).limit(BATCH).toList());
    int applied = adoptAttested(fromIndex);
    if (applied > 0) {
      ctx.events().catchUp(peer, fromIndex, applied);
      answers.clear();
      if (applied >= BATCH) {
        fromAll();
      }
    }
  }

  /** Appends the longest run of blocks from the tip that {@code f + 1} answers attest. */
  private int adoptAttested(long fromIndex) {
    int learn = ctx.membership().learnThreshold();
    Map<Long, Map<String, Set<PeerId>>> attestations = new HashMap<>();
    answers.forEach(
        (peer, blocks) -> {
          for (CommittedBlock b : blocks) {
            attestations
                .computeIfAbsent(b.index(), i -> new HashMap<>())
                .computeIfAbsent(b.certificate().blockHash(), h -> new HashSet<>())
                .add(peer);
          }
        });
    long top = -1;
    String topHash = null;
    for (Map.Entry<Long, Map<String, Set<PeerId>>> at : attestations.entrySet()) {
      for (Map.Entry<String, Set<PeerId>> hash : at.getValue().entrySet()) {
        if (hash.getValue().size() >= learn && at.getKey() > top) {
          top = at.getKey();
          topHash = hash.getKey();
        }
      }
    }
    if (top < fromIndex) {
      return 0;
    }
    reportFalseAnswers(attestations, learn);
    for (Map.Entry<PeerId, List<CommittedBlock>> answer : answers.entrySet()) {
      List<CommittedBlock> run = linkedRun(answer.getValue(), fromIndex, top, topHash);
      if (run != null) {
        run.forEach(append);
        return run.size();
      }
    }
    return 0;
  }

  /**
   * The blocks {@code fromIndex..top} of one answer if they link to this peer's tip and to each
   * other, and the last one has the attested hash; null otherwise.
   */
  private List<CommittedBlock> linkedRun(
      List<CommittedBlock> blocks, long fromIndex, long top, String topHash) {
    int count = (int) (top - fromIndex + 1);
    if (blocks.size() < count) {
      return null;
    }
    List<CommittedBlock> run = blocks.subList(0, count);
    String previous = position.tipHash();
    for (int i = 0; i < count; i++) {
      CommittedBlock b = run.get(i);
      if (b.index() != fromIndex + i
          || !b.block().previousBlockHash().equals(previous)
          || b.certificate().round().height() != b.index()
          || !b.block().hash().equals(b.certificate().blockHash())) {
        return null;
      }
      previous = b.certificate().blockHash();
    }
    return previous.equals(topHash) ? run : null;
  }

  /** A member whose answer names another block where f + 1 members attest one: provably false. */
  private void reportFalseAnswers(Map<Long, Map<String, Set<PeerId>>> attestations, int learn) {
    attestations.forEach(
        (index, byHash) ->
            byHash.values().stream()
                .filter(peers -> peers.size() >= learn)
                .findFirst()
                .ifPresent(
                    attested ->
                        byHash.values().stream()
                            .filter(peers -> peers != attested)
                            .flatMap(Set::stream)
                            .distinct()
                            .forEach(
                                liar ->
                                    ctx.events()
                                        .misbehaviour(
                                            liar,
                                            Misbehaviour.FALSE_CATCH_UP,
                                            "block "
                                                + index
                                                + " differs from the one f + 1 members attest"))));
  }
}
