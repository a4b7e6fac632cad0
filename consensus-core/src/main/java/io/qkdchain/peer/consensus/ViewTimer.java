package io.qkdchain.peer.consensus;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The view timer: armed once per round when the peer has work (pending transactions or a proposal),
 * firing after {@code viewTimeout * 2^min(v, 6)}. A peer without work follows the others' views
 * ({@code f + 1} view changes) instead of timing out itself. Nor does it time out before it has
 * heard from {@code Q} members (itself included) since it started: until then no view can complete
 * anyway, and a timer running while the others still start (peers of a fresh cluster come up
 * seconds apart) only moves the cluster past the view it will first be able to use.
 */
final class ViewTimer {

  private final PeerContext ctx;
  private final Consumer<Round> onTimeout;
  private final Set<PeerId> heard = new HashSet<>();
  private EventLoop.Cancellable scheduled;
  private Round armedFor;

  ViewTimer(PeerContext ctx, Consumer<Round> onTimeout) {
    this.ctx = ctx;
    this.onTimeout = onTimeout;
    heard.add(ctx.membership().self());
  }

  /**
   * A message from {@code member} arrived. True when it is the one that completes a quorum heard
   * since start: the caller arms the timer then.
   */
  boolean heard(PeerId member) {
    int quorum = ctx.membership().quorum();
    return heard.size() < quorum && heard.add(member) && heard.size() == quorum;
  }

  void arm(ChainPosition position, TransactionPool pool) {
    Round round = position.current();
    if (round.equals(armedFor) || heard.size() < ctx.membership().quorum()) {
      return;
    }
    boolean work = !pool.isEmpty() || position.round().hasProposal() || round.view() > 0;
    if (!work) {
      return;
    }
    cancel();
    armedFor = round;
    position.markActive(ctx.loop().nowMillis());
    scheduled =
        ctx.loop()
            .schedule(
                ctx.settings().viewTimeout(round.view()),
                () -> ctx.gate().run(() -> onTimeout.accept(round)));
  }

  void cancel() {
    if (scheduled != null) {
      scheduled.cancel();
      scheduled = null;
    }
    armedFor = null;
  }
}
