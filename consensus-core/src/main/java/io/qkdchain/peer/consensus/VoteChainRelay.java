package io.qkdchain.peer.consensus;

import io.qkdchain.peer.consensus.PeerMessage.Phase;
import java.util.List;

/**
 * The original's vote chains in their new role (docs/protocol.md, "Relay along a vote chain"): a
 * peer that heard {@code f + 1} echoes for a proposal it never received (a proposer may withhold
 * it) asks the echoers for the block one after another, in an order drawn from the QRNG, so no
 * member chooses who serves it. Each answer is checked like a proposal, less the MAC: {@code f + 1}
 * echoes mean at least one honest member authenticated the block as the proposer's.
 */
final class VoteChainRelay {

  private final PeerContext ctx;
  private final ChainPosition position;
  private RoundState requestedFor;
  private RoundState servedIn;
  private final java.util.Set<PeerId> served = new java.util.HashSet<>();

  VoteChainRelay(PeerContext ctx, ChainPosition position) {
    this.ctx = ctx;
    this.position = position;
  }

  /** Called after an echo is counted: starts the chain once, if the proposal is still missing. */
  void echoCounted(String blockHash) {
    RoundState round = position.round();
    int view = round.round().view();
    if (round.hasProposal()
        || requestedFor == round
        || position.ballots().count(Phase.ECHO, view, blockHash)
            < ctx.membership().learnThreshold()) {
      return;
    }
    requestedFor = round;
    List<PeerId> echoers = position.ballots().voters(Phase.ECHO, view, blockHash);
    VoteOrderSource.DrawnOrder drawn;
    try {
      drawn = ctx.orders().draw(ctx.membership().members());
    } catch (RuntimeException e) {
      // The configured fallback policy refused a non-quantum order: no relay, and the round
      // goes on without this peer's echo (it catches up once the block is decided).
      ctx.events()
          .voteIgnored(
              round.round(), "no vote order, relay chain not started: " + PeerContext.describe(e));
      return;
    }
    List<PeerId> chain =
        drawn.order().stream().filter(p -> echoers.contains(p) && !p.equals(ctx.self())).toList();
    ctx.events().relayRequested(round.round(), chain, drawn.fromQrng());
    ask(round, blockHash, chain, 0);
  }

  /** Asks {@code chain[i]}; if the block has not come within an eighth of a view, the next one. */
  private void ask(RoundState round, String blockHash, List<PeerId> chain, int i) {
    if (i >= chain.size() || position.round() != round || round.hasProposal()) {
      return;
    }
    ctx.send(chain.get(i), new PeerMessage.RelayRequest(round.round(), blockHash));
    ctx.loop()
        .schedule(
            ctx.settings().viewTimeout().dividedBy(8),
            () -> ctx.gate().run(() -> ask(round, blockHash, chain, i + 1)));
  }

  /**
   * Serves a member that lacks the proposal this peer echoed in the current round; once per member
   * and round, so a flood of requests costs one block each.
   */
  void onRequest(PeerId from, PeerMessage.RelayRequest request) {
    RoundState round = position.round();
    if (servedIn != round) {
      servedIn = round;
      served.clear();
    }
    if (round.echoed() && round.proposal().hash().equals(request.blockHash()) && served.add(from)) {
      ctx.send(
          from,
          new PeerMessage.Relay(round.round(), round.proposal().block(), round.justifyView()));
    }
  }
}
