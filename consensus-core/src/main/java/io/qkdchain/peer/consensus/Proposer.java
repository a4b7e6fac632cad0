package io.qkdchain.peer.consensus;

import io.qkdchain.peer.consensus.KeyPrefetch.Prepared;
import io.qkdchain.peer.consensus.PeerMessage.Phase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The proposer's side of a round (docs/protocol.md, "One view", steps 1-2): choose the block,
 * obtain a round key per link in parallel, build the group signature, send one proposal per peer. A
 * failed key abandons the attempt cleanly and retries later with a bounded backoff.
 */
final class Proposer {

  private final PeerContext ctx;
  private final ChainPosition position;
  private final TransactionPool pool;
  private final Consumer<RoundState> onAccepted;
  private final KeyPrefetch prefetch;
  private RoundState retryScheduledFor;
  private RoundState collectedFor;

  Proposer(
      PeerContext ctx,
      ChainPosition position,
      TransactionPool pool,
      Consumer<RoundState> onAccepted) {
    this.ctx = ctx;
    this.position = position;
    this.pool = pool;
    this.onAccepted = onAccepted;
    this.prefetch = new KeyPrefetch(ctx);
  }

  /** Zeroes the keys held for a next proposal. */
  void stop() {
    prefetch.discard();
  }

  /**
   * The height moved to a new view: a proposal did not gather its votes, perhaps because the slaves
   * could not read its keys (a KME that lost its unread keys in a restart answers 400). Held keys
   * are dropped, so that no proposer goes on offering keys nobody can read: one view change, not
   * one per proposer with a doubling timeout each.
   */
  void viewChanged() {
    prefetch.discard();
  }

  /** Proposes if this peer is the round's proposer and has something safe to propose. */
  void maybePropose() {
    RoundState round = position.round();
    if (!ctx.self().equals(ctx.membership().proposer(round.round()))
        || round.hasProposal()
        || retryScheduledFor == round) {
      return;
    }
    choose(round.round()).ifPresent(choice -> propose(round, choice.block(), choice.justifyView()));
  }

  /**
   * The quorum of view-change reports for the current view is in: proposes at once what they allow,
   * or, if a member reported a lock whose accept quorum has not reached this peer yet, gives those
   * accepts a quarter of a view timeout to arrive (docs/protocol.md, "Choosing the block").
   */
  void reportsQuorum() {
    RoundState round = position.round();
    if (!ctx.self().equals(ctx.membership().proposer(round.round()))) {
      return;
    }
    Duration wait = ctx.settings().viewTimeout(round.round().view()).dividedBy(4);
    ctx.loop()
        .schedule(
            wait,
            () ->
                ctx.gate()
                    .run(
                        () -> {
                          if (position.round() == round) {
                            collectedFor = round;
                            maybePropose();
                          }
                        }));
  }

  private record Choice(ProposedBlock block, int justifyView) {}

  private Optional<Choice> choose(Round round) {
    if (round.view() == 0) {
      return freshBlock(round).map(b -> new Choice(b, PeerMessage.Proposal.FRESH));
    }
    ViewReports reports = position.reports();
    Membership members = ctx.membership();
    if (reports == null || reports.size() < members.quorum()) {
      return Optional.empty();
    }
    boolean waited = reports.size() >= members.size() || collectedFor == position.round();
    int highestReported = reports.highestLockView();
    Ballots ballots = position.ballots();
    for (int view : ballots.viewsDescending()) {
      if (view >= round.view()) {
        continue;
      }
      if (view < highestReported && !waited) {
        return Optional.empty();
      }
      Optional<String> accepted = ballots.reaching(Phase.ACCEPT, view, members.quorum());
      Block block = accepted.map(position::knownBlock).orElse(null);
      if (block != null && judge(round, accepted.get(), view)) {
        return Optional.of(new Choice(new ProposedBlock(block, accepted.get()), view));
      }
    }
    if (highestReported != PeerMessage.Proposal.FRESH && !waited) {
      return Optional.empty();
    }
    if (!judge(round, "", PeerMessage.Proposal.FRESH)) {
      return Optional.empty();
    }
    return freshBlock(round).map(b -> new Choice(b, PeerMessage.Proposal.FRESH));
  }

  private boolean judge(Round round, String hash, int justifyView) {
    return Justification.check(
                round,
                hash,
                justifyView,
                position.lockPoint(),
                position.ballots(),
                ctx.membership())
            .kind()
        == Justification.Verdict.Kind.OK;
  }

  private Optional<ProposedBlock> freshBlock(Round round) {
    List<Transaction> batch =
        pool.nextBatch(ctx.settings().maxBlockTransactions(), ctx.settings().maxBlockBytes());
    if (batch.isEmpty()) {
      return Optional.empty();
    }
    long timestamp = Math.max(ctx.loop().nowMillis(), position.tipTimestamp());
    return Optional.of(
        ProposedBlock.of(new Block(round.height(), position.tipHash(), timestamp, batch)));
  }

  private void propose(RoundState round, ProposedBlock block, int justifyView) {
    Round r = round.round();
    byte[] bytes = ProposalBytes.of(r, ctx.self(), justifyView, block.block());
    int bits =
        GroupSignature.roundKeyBits(ctx.settings().family(), ctx.settings().tagBits(), bytes);
    List<PeerId> others = ctx.membership().others();
    List<CompletableFuture<Prepared>> keys = new ArrayList<>(others.size());
    // Each entry is computed as soon as its key is ready, off the loop. Prefetched keys (and the
    // own key) were made ready when issued, so only the MACs over the proposal bytes remain.
    List<CompletableFuture<String>> entries = new ArrayList<>(others.size() + 1);
    Executor compute = ctx.loop().compute();
    for (PeerId slave : others) {
      CompletableFuture<Prepared> key = prefetch.take(slave, bits);
      keys.add(key);
      entries.add(key.thenApplyAsync(ready -> ready.key().entry(bytes, slave), compute));
    }
    entries.add(
        prefetch.takeOwn(bits).thenApplyAsync(own -> own.entry(bytes, ctx.self()), compute));
    round.proposing();
    position.rememberBlock(block);
    ctx.onLoop(
        CompletableFuture.allOf(entries.toArray(CompletableFuture[]::new)),
        (ignored, error) -> signed(round, block, justifyView, bits, others, keys, entries));
  }

  /**
   * Every key is in and every entry computed, or failed: sends the proposal, or abandons the
   * attempt. {@code entries} holds one per link in {@code others} order, then this peer's own.
   */
  private void signed(
      RoundState round,
      ProposedBlock block,
      int justifyView,
      int bits,
      List<PeerId> others,
      List<CompletableFuture<Prepared>> keys,
      List<CompletableFuture<String>> entries) {
    Round r = round.round();
    boolean current = position.round() == round;
    boolean failed = false;
    for (int i = 0; i < others.size(); i++) {
      if (entries.get(i).isCompletedExceptionally()) {
        failed = true;
        if (current) {
          ctx.events().keyFailed(r, others.get(i), reasonOf(keys.get(i), entries.get(i)));
        }
      }
    }
    if (!current || failed) {
      // A key whose entry failed may still hold bits (full); a used one holds none.
      keys.stream()
          .filter(k -> !k.isCompletedExceptionally())
          .map(CompletableFuture::join)
          .filter(k -> k != null)
          .forEach(k -> k.key().destroy());
      if (current) {
        round.abandonProposing();
        scheduleRetry(round);
      }
      if (failed) {
        // Keys requested together with the failed one may share its fate: ask afresh next time.
        prefetch.discard();
      }
      return;
    }
    Membership members = ctx.membership();
    String[] signature = new String[members.size()];
    for (int i = 0; i < others.size(); i++) {
      ctx.events().keyIssued(r, others.get(i), keyIds(keys.get(i).join().handle()), bits);
      signature[members.indexOf(others.get(i))] = entries.get(i).join();
    }
    signature[members.indexOf(ctx.self())] = entries.get(others.size()).join();
    List<String> groupSignature = List.of(signature);
    String family = ctx.settings().family().wireName();
    for (int i = 0; i < others.size(); i++) {
      PeerId to = others.get(i);
      ctx.send(
          to,
          new PeerMessage.Proposal(
              r,
              ctx.self(),
              block.block(),
              justifyView,
              keys.get(i).join().handle(),
              family,
              ctx.settings().tagBits(),
              groupSignature));
      ctx.events().proposalSent(r, block.hash(), to, block.block().transactions().size());
    }
    round.accept(block, justifyView, groupSignature);
    prefetch.refill();
    onAccepted.accept(round);
  }

  /** Backs off from a quick first retry to one view timeout, so a flaky KME is not hammered. */
  private void scheduleRetry(RoundState round) {
    Duration base = ctx.settings().viewTimeout().dividedBy(16);
    Duration delay = base.multipliedBy(1L << Math.min(round.keyFailures() - 1, 4));
    retryScheduledFor = round;
    ctx.loop()
        .schedule(
            delay,
            () ->
                ctx.gate()
                    .run(
                        () -> {
                          if (retryScheduledFor == round) {
                            retryScheduledFor = null;
                          }
                          if (position.round() == round) {
                            maybePropose();
                          }
                        }));
  }

  static List<String> keyIds(KeyHandle handle) {
    return handle instanceof KeyHandle.QkdKeyIds ids ? ids.keyIds() : List.of();
  }

  private static String reasonOf(CompletableFuture<Prepared> key, CompletableFuture<String> entry) {
    try {
      if (key.join() == null) {
        return "the key source returned no key";
      }
      entry.join();
      return "the round key was unusable";
    } catch (RuntimeException e) {
      return PeerContext.describe(e);
    }
  }
}
