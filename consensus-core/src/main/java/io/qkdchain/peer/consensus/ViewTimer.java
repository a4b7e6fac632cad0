package io.qkdchain.peer.consensus;

import java.util.function.Consumer;

/**
 * The view timer: armed once per round when the peer has work (pending transactions or a proposal),
 * firing after {@code viewTimeout * 2^min(v, 6)}. A peer without work follows the others' views
 * ({@code f + 1} view changes) instead of timing out itself.
 */
final class ViewTimer {

  private final PeerContext ctx;
  private final Consumer<Round> onTimeout;
  private EventLoop.Cancellable scheduled;
  private Round armedFor;

  ViewTimer(PeerContext ctx, Consumer<Round> onTimeout) {
    this.ctx = ctx;
    this.onTimeout = onTimeout;
  }

  void arm(ChainPosition position, TransactionPool pool) {
    Round round = position.current();
    if (round.equals(armedFor)) {
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
