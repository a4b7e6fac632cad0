package io.qkdchain.peer.consensus;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Fetches committed blocks this peer lacks (docs/protocol.md, "Catch-up"). A block is appended only
 * if it is the next one, links to the tip, hashes to its certificate's hash, and the certificate
 * holds a vote threshold of member pairs; a committed block is never overwritten.
 */
final class CatchUp {

  static final int BATCH = 64;

  private final PeerContext ctx;
  private final ChainPosition position;
  private final Consumer<CommittedBlock> append;
  private final Set<PeerId> inFlight = new HashSet<>();

  CatchUp(PeerContext ctx, ChainPosition position, Consumer<CommittedBlock> append) {
    this.ctx = ctx;
    this.position = position;
    this.append = append;
  }

  void fromAll() {
    ctx.membership().others().forEach(this::from);
  }

  /** Asks {@code peer} for blocks from this peer's height; one request per peer at a time. */
  void from(PeerId peer) {
    if (peer.equals(ctx.self()) || !inFlight.add(peer)) {
      return;
    }
    long fromIndex = position.height();
    ctx.onLoop(
        PeerContext.call(() -> ctx.transport().fetchBlocks(peer, fromIndex, BATCH)),
        (blocks, error) -> {
          inFlight.remove(peer);
          if (error == null && blocks != null) {
            apply(peer, fromIndex, blocks);
          }
        });
  }

  private void apply(PeerId peer, long fromIndex, List<CommittedBlock> blocks) {
    int applied = 0;
    for (CommittedBlock block : blocks) {
      if (block.index() < position.height()) {
        checkAgreement(peer, block);
        continue;
      }
      if (block.index() > position.height()) {
        break;
      }
      String problem = problem(block);
      if (problem != null) {
        ctx.events().chainConflict(peer, block.index(), problem);
        break;
      }
      append.accept(block);
      applied++;
    }
    if (applied > 0) {
      ctx.events().catchUp(peer, fromIndex, applied);
      if (blocks.size() >= BATCH) {
        from(peer);
      }
    }
  }

  private String problem(CommittedBlock block) {
    CommitCertificate certificate = block.certificate();
    if (!block.block().previousBlockHash().equals(position.tipHash())) {
      return "block " + block.index() + " does not link to this peer's tip";
    }
    if (certificate.round().height() != block.index()) {
      return "certificate of block "
          + block.index()
          + " is for height "
          + certificate.round().height();
    }
    if (!block.block().hash().equals(certificate.blockHash())) {
      return "block " + block.index() + " does not hash to its certificate's block hash";
    }
    if (!ctx.membership().certifies(certificate)) {
      return "certificate of block "
          + block.index()
          + " has fewer than "
          + ctx.membership().voteThreshold()
          + " member votes";
    }
    return null;
  }

  private void checkAgreement(PeerId peer, CommittedBlock theirs) {
    ctx.chain()
        .get(theirs.index())
        .filter(ours -> !ours.certificate().blockHash().equals(theirs.certificate().blockHash()))
        .ifPresent(
            ours ->
                ctx.events()
                    .chainConflict(
                        peer, theirs.index(), "peer has a different committed block; kept ours"));
  }
}
