package io.qkdchain.peer.consensus;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The view timer: armed once per round when the peer has work (pending transactions or a proposal),
 * firing after {@code viewTimeout * 2^min(v, 6)}. A peer without work follows the others' views
 * ({@code f + 1} view changes) instead of timing out itself; in a view above 0 it has work, unless
 * that is the view it resumed in at start. Nor does it time out before it has heard from {@code Q}
 * members (itself included) since it started: until then no view can complete anyway, and a timer
 * running while the others still start (peers of a fresh cluster come up seconds apart) only moves
 * the cluster past the view it will first be able to use.
 *
 * <p>A view 0 whose proposer this peer has not heard from while it moved up {@link #SILENT_HEIGHTS}
 * heights or more (those heights were decided without a word from that member: it is down, cut off
 * or silent) times out after an eighth of the view timeout: a crashed member would otherwise cost a
 * whole view timeout at every height it is first to propose. A member is heard again with its next
 * message, and its turns are waited for in full again.
 */
final class ViewTimer {

  private final PeerContext ctx;
  private final Consumer<Round> onTimeout;

  /** Heights decided without a word from a member, after which its view-0 turn is cut short. */
  static final int SILENT_HEIGHTS = 2;

  /** The height this peer was at when it last heard from each member (itself: from the start). */
  private final Map<PeerId, Long> heardAtHeight = new HashMap<>();

  private long firstHeight = -1;
  private Round startedIn;
  private EventLoop.Cancellable scheduled;
  private Round armedFor;

  ViewTimer(PeerContext ctx, Consumer<Round> onTimeout) {
    this.ctx = ctx;
    this.onTimeout = onTimeout;
    heardAtHeight.put(ctx.membership().self(), 0L);
  }

  /**
   * The round this peer resumed in at start: above the views it may have voted in, not a view the
   * others moved to, so without work it waits there like in a view 0.
   */
  void startedIn(Round round) {
    startedIn = round;
  }

  /**
   * A message from {@code member} arrived. True when it is the one that completes a quorum heard
   * since start: the caller arms the timer then.
   */
  boolean heard(PeerId member, long height) {
    boolean first = heardAtHeight.put(member, height) == null;
    return first && heardAtHeight.size() == ctx.membership().quorum();
  }

  /** Whether {@code Q} members (this peer included) have been heard since start. */
  boolean quorumHeard() {
    return heardAtHeight.size() >= ctx.membership().quorum();
  }

  /** The members not heard from since start, in peer order. */
  List<PeerId> unheard() {
    return ctx.membership().others().stream()
        .filter(member -> !heardAtHeight.containsKey(member))
        .toList();
  }

  void arm(ChainPosition position, TransactionPool pool) {
    Round round = position.current();
    if (round.equals(armedFor) || heardAtHeight.size() < ctx.membership().quorum()) {
      return;
    }
    boolean work =
        !pool.isEmpty()
            || position.round().hasProposal()
            || (round.view() > 0 && !round.equals(startedIn));
    if (!work) {
      return;
    }
    cancel();
    armedFor = round;
    position.markActive(ctx.loop().nowMillis());
    scheduled =
        ctx.loop().schedule(timeout(round), () -> ctx.gate().run(() -> onTimeout.accept(round)));
  }

  private Duration timeout(Round round) {
    if (firstHeight < 0) {
      firstHeight = round.height();
    }
    PeerId proposer = ctx.membership().proposer(round);
    long silentFor = round.height() - heardAtHeight.getOrDefault(proposer, firstHeight);
    if (round.view() == 0 && !proposer.equals(ctx.self()) && silentFor >= SILENT_HEIGHTS) {
      return ctx.settings().viewTimeout(0).dividedBy(8);
    }
    return ctx.settings().viewTimeout(round.view());
  }

  /** Whether a view timeout is pending, i.e. this peer has work in its current round. */
  boolean armed() {
    return scheduled != null;
  }

  void cancel() {
    if (scheduled != null) {
      scheduled.cancel();
      scheduled = null;
    }
    armedFor = null;
  }
}
