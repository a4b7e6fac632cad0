package io.qkdchain.peer.consensus;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * One peer's consensus (docs/protocol.md): heights, views, proposals, the echo, accept and lock
 * votes, view changes and catch-up, tolerating {@code f = floor((N - 1) / 3)} members that lie. A
 * single-threaded state machine on an {@link EventLoop}; Spring- and HTTP-free: the node plugs in
 * through the ports given to the constructor.
 *
 * <p>Thread model: {@link #submit}, {@link #receive}, {@link #status}, {@link #awaitCommit}, {@link
 * #height} and {@link #snapshot} may be called from any thread; everything else happens on the
 * loop.
 */
public final class ConsensusEngine {

  private static final System.Logger LOG = System.getLogger(ConsensusEngine.class.getName());

  private final PeerContext ctx;
  private final TransactionPool pool;
  private final ChainPosition position;
  private final FutureMessages future;
  private final Proposer proposer;
  private final AnnouncedKeys announced;
  private final ProposalVerifier verifier;
  private final Agreement agreement;
  private final VoteChainRelay relay;
  private final CatchUp catchUp;
  private final Gossip gossip;
  private final ViewTimer timer;
  private final ConcurrentHashMap<String, CompletableFuture<Long>> waiters =
      new ConcurrentHashMap<>();

  /** The round each member behind was last helped in (see {@link #helpBehind}). */
  private final java.util.Map<PeerId, Round> helped = new java.util.HashMap<>();

  /** The report this peer told everyone on entering its current view; answers repeat it. */
  private PeerMessage.ViewChange ownReport;

  private volatile boolean running;

  /** Whether {@link #recover} ran: only then does this peer's view reflect its promises. */
  private boolean recovered;

  /** Messages that arrived before recovery, handled right after it (bounded). */
  private final List<Runnable> beforeRecovery = new ArrayList<>();

  private volatile long height;
  private volatile RoundSnapshot snapshot;

  public ConsensusEngine(
      ConsensusSettings settings,
      Membership membership,
      Transport transport,
      RoundKeySource keys,
      VoteOrderSource orders,
      ChainStore chain,
      ConsensusStateStore state,
      EventLoop loop,
      ConsensusEvents events) {
    this(
        settings,
        membership,
        transport,
        keys,
        orders,
        chain,
        state,
        loop,
        events,
        new SecureRandom());
  }

  /** With a given random source for ids and the proposer's own key, so simulations replay. */
  ConsensusEngine(
      ConsensusSettings settings,
      Membership membership,
      Transport transport,
      RoundKeySource keys,
      VoteOrderSource orders,
      ChainStore chain,
      ConsensusStateStore state,
      EventLoop loop,
      ConsensusEvents events,
      RandomGenerator random) {
    this.ctx =
        new PeerContext(
            Objects.requireNonNull(settings, "settings"),
            Objects.requireNonNull(membership, "membership"),
            Objects.requireNonNull(chain, "chain"),
            Objects.requireNonNull(state, "state"),
            Objects.requireNonNull(transport, "transport"),
            Objects.requireNonNull(keys, "keys"),
            Objects.requireNonNull(orders, "orders"),
            Objects.requireNonNull(loop, "loop"),
            Objects.requireNonNull(events, "events"),
            Objects.requireNonNull(random, "random"),
            this::receive,
            this::step);
    this.pool = new TransactionPool(settings.maxPendingTransactions(), settings.maxPendingBytes());
    this.position = new ChainPosition(chain.tip(), loop.nowMillis());
    this.height = position.height();
    this.future = new FutureMessages(settings.maxBufferedMessages());
    this.proposer = new Proposer(ctx, position, pool, this::proposalDecided);
    this.announced = new AnnouncedKeys(ctx);
    this.verifier =
        new ProposalVerifier(ctx, position, announced, this::judge, this::proposalDecided);
    this.relay = new VoteChainRelay(ctx, position);
    this.agreement =
        new Agreement(
            ctx,
            position,
            this::decided,
            this::acceptsChanged,
            this::blockMissing,
            relay::echoCounted);
    this.catchUp = new CatchUp(ctx, position, this::commit);
    this.gossip = new Gossip(ctx);
    this.timer = new ViewTimer(ctx, this::viewTimedOut);
    publish();
  }

  /** Loads the lock, view and pending transactions, re-gossips them, and catches up. */
  public void start() {
    running = true;
    ctx.loop().execute(() -> step(this::recover));
  }

  public void stop() {
    running = false;
    ctx.loop()
        .execute(
            () -> {
              timer.cancel();
              gossip.stop();
              proposer.stop();
              announced.discard();
            });
  }

  /**
   * Accepts a client transaction: validates it, records it durably in the pool log (on the calling
   * thread, so concurrent callers can share an fsync), and returns only then.
   *
   * @throws TransactionRejectedException naming why nothing was recorded
   */
  public Transaction submit(String data) {
    if (!running) {
      throw new TransactionRejectedException(
          TransactionRejectedException.Reason.STOPPED, "the consensus engine is not running");
    }
    if (data == null || data.isEmpty()) {
      throw new TransactionRejectedException(
          TransactionRejectedException.Reason.EMPTY, "a transaction must not be empty");
    }
    int bytes = TransactionText.utf8Length(data);
    if (bytes == TransactionText.MALFORMED) {
      throw new TransactionRejectedException(
          TransactionRejectedException.Reason.MALFORMED,
          "the transaction is not valid Unicode (unpaired surrogate)");
    }
    int max = ctx.settings().maxTransactionBytes();
    if (bytes > max) {
      throw new TransactionRejectedException(
          TransactionRejectedException.Reason.TOO_LARGE,
          "the transaction has " + bytes + " UTF-8 bytes, more than the " + max + " allowed");
    }
    if (pool.isFullFor(bytes)) {
      throw new TransactionRejectedException(
          TransactionRejectedException.Reason.POOL_FULL,
          "the pool is full (at most "
              + ctx.settings().maxPendingTransactions()
              + " transactions and "
              + ctx.settings().maxPendingBytes()
              + " bytes)");
    }
    Transaction tx = new Transaction(newId(), data);
    ctx.store().appendPending(List.of(tx));
    pool.add(tx, bytes);
    ctx.loop().execute(() -> step(() -> acknowledged(tx)));
    return tx;
  }

  /** A message from another peer (already authenticated as {@code from}); thread-safe. */
  public void receive(PeerId from, PeerMessage message) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(message, "message");
    ctx.loop().execute(() -> step(() -> handle(from, message)));
  }

  public TransactionStatus status(String id) {
    OptionalLong index = ctx.chain().blockIndexOf(id);
    if (index.isPresent()) {
      return TransactionStatus.committed(id, index.getAsLong());
    }
    return pool.contains(id) ? TransactionStatus.pending(id) : TransactionStatus.unknown(id);
  }

  /** Completes with the block index once the transaction is committed (on the event loop). */
  public CompletionStage<Long> awaitCommit(String id) {
    OptionalLong index = ctx.chain().blockIndexOf(id);
    if (index.isPresent()) {
      return CompletableFuture.completedFuture(index.getAsLong());
    }
    CompletableFuture<Long> waiter = waiters.computeIfAbsent(id, k -> new CompletableFuture<>());
    index = ctx.chain().blockIndexOf(id);
    if (index.isPresent() && waiters.remove(id, waiter)) {
      waiter.complete(index.getAsLong());
    }
    return waiter.minimalCompletionStage();
  }

  /** The number of blocks in the chain, genesis included: the index of the next block. */
  public long height() {
    return height;
  }

  public RoundSnapshot snapshot() {
    return snapshot;
  }

  private void step(Runnable task) {
    if (!running) {
      return;
    }
    try {
      ctx.transport().batched(task);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "consensus step failed at " + position.current(), e);
      throw e;
    } finally {
      publish();
    }
  }

  /**
   * Restores the lock and pending transactions and resumes one view above the last view this peer
   * promised or locked in at its height (view 1 if none): it may have echoed in that view before
   * the crash, and must never echo twice in one view (docs/protocol.md, "Crash and restart").
   */
  private void recover() {
    ConsensusStateStore store = ctx.store();
    store.loadLock().ifPresent(position::restoreLock);
    agreement.restoreOwnVotes(store.loadAccepts());
    int view = position.lockAtHeight().map(l -> l.round().view()).orElse(0);
    view =
        Math.max(
            view,
            store
                .loadView()
                .filter(r -> r.height() == position.height())
                .map(Round::view)
                .orElse(0));
    enterView(view + 1);
    timer.startedIn(position.current());
    List<Transaction> pending =
        store.loadPending().stream()
            .filter(tx -> ctx.chain().blockIndexOf(tx.id()).isEmpty())
            .toList();
    for (Transaction tx : pending) {
      int bytes = TransactionText.utf8Length(tx.data());
      if (bytes != TransactionText.MALFORMED) {
        pool.add(tx, bytes);
      }
    }
    gossip.restore(pending);
    gossip.start();
    catchUp.fromAll();
    recovered = true;
    List<Runnable> early = List.copyOf(beforeRecovery);
    beforeRecovery.clear();
    early.forEach(Runnable::run);
    somethingToDo();
    scheduleHello();
    scheduleIdleProbe(position.height());
  }

  /**
   * An idle peer asks every member for blocks from its height once per four view timeouts in which
   * it decided nothing (docs/protocol.md, "Catch-up"): a member that lost the last commit votes of
   * a height while the others decided it and then fell idle would otherwise wait for the next
   * transaction to learn it is behind. A peer with work times out instead, which catches up too.
   */
  private void scheduleIdleProbe(long heightBefore) {
    ctx.loop()
        .schedule(
            ctx.settings().viewTimeout(0).multipliedBy(4),
            () ->
                step(
                    () -> {
                      if (position.height() == heightBefore && !timer.armed()) {
                        catchUp.fromAll();
                      }
                      scheduleIdleProbe(position.height());
                    }));
  }

  /**
   * Until {@code Q} members have been heard since start, tells the members not yet heard its report
   * again every quarter of the view timeout (docs/protocol.md, "Views"): the first copies may have
   * been lost to peers still starting or links still drawing their first keys, and until a quorum
   * is heard no timer runs that would send them again. A member that hears it answers with its own
   * report, so one copy getting through in each direction is enough.
   */
  private void scheduleHello() {
    ctx.loop()
        .schedule(
            ctx.settings().viewTimeout(0).dividedBy(4),
            () ->
                step(
                    () -> {
                      if (timer.quorumHeard() || ownReport == null) {
                        return;
                      }
                      for (PeerId member : timer.unheard()) {
                        ctx.send(member, ownReport);
                      }
                      scheduleHello();
                    }));
  }

  private void acknowledged(Transaction tx) {
    ctx.events().transactionAccepted(tx);
    gossip.acknowledged(tx);
    somethingToDo();
  }

  private void somethingToDo() {
    if (!recovered) {
      return; // recovery ends with it
    }
    timer.arm(position, pool);
    proposer.maybePropose();
  }

  private void handle(PeerId from, PeerMessage message) {
    if (!recovered) {
      // Queued between start() and recovery: acting on it now would move this peer before it has
      // restored its promises (two reports would take it a view up, and recovery another). Held
      // until recovery; beyond the bound dropped (the senders' hello brings the news again).
      if (beforeRecovery.size() < ctx.settings().maxBufferedMessages()) {
        beforeRecovery.add(() -> handle(from, message));
      }
      return;
    }
    if (!ctx.membership().isMember(from)) {
      ctx.events().voteIgnored(position.current(), "sender " + from + " is not a member");
      return;
    }
    if (timer.heard(from, position.height())) {
      timer.arm(position, pool);
    }
    if (message instanceof PeerMessage.TxGossip gossiped) {
      onGossip(gossiped);
    } else if (message instanceof PeerMessage.KeyNotice notice) {
      announced.announced(from, notice);
    } else if (message instanceof PeerMessage.RoundMessage roundMessage) {
      route(from, roundMessage);
    }
  }

  /** Judges a round message by its age: past, current, or future (held or dropped). */
  private void route(PeerId from, PeerMessage.RoundMessage message) {
    Round round = message.round();
    Round current = position.current();
    if (round.height() < current.height()) {
      helpBehind(from, message);
      ctx.events().voteIgnored(round, "for a height already decided");
      return;
    }
    if (round.height() > current.height()) {
      ahead(from, message, round);
      return;
    }
    if (message instanceof PeerMessage.ViewChange change) {
      onViewChange(from, change);
    } else if (round.view() > current.view()) {
      hold(from, message, round);
    } else if (message instanceof PeerMessage.Vote vote) {
      agreement.onVote(from, vote);
    } else if (round.view() < current.view()) {
      rememberEarlier(from, message);
      ctx.events().proposalRejected(round, from, "for an earlier view than " + current.view());
    } else if (message instanceof PeerMessage.Proposal proposal) {
      verifier.verify(from, proposal);
    } else if (message instanceof PeerMessage.RelayRequest request) {
      relay.onRequest(from, request);
    } else if (message instanceof PeerMessage.Relay relayed) {
      verifier.relayed(from, relayed);
    }
  }

  /**
   * A member still at the height this peer just decided: tells it this peer's commit votes there
   * again, once per view that member moves to, since it may have missed them and the peers that
   * decided take no part in that height's later views. A commit vote of that height is never
   * answered (it is what a help consists of, so two peers that both decided would answer each other
   * for ever), and a member is helped only from a view higher than the last one it was helped in.
   */
  private void helpBehind(PeerId from, PeerMessage.RoundMessage message) {
    Round round = message.round();
    List<PeerMessage.Vote> commits = position.previousCommits();
    boolean isHelp =
        message instanceof PeerMessage.Vote vote && vote.phase() == PeerMessage.Phase.COMMIT;
    Round last = helped.get(from);
    if (!isHelp
        && !commits.isEmpty()
        && commits.get(0).round().height() == round.height()
        && (last == null || round.compareTo(last) > 0)) {
      helped.put(from, round);
      commits.forEach(commit -> ctx.send(from, commit));
    }
  }

  /**
   * Keeps the block of a proposal for a view this peer has left (it echoes nothing there), so that
   * if that view's lock votes decide it, the block is at hand. Its hash binds its content.
   */
  private void rememberEarlier(PeerId from, PeerMessage.RoundMessage message) {
    if (message instanceof PeerMessage.Proposal proposal
        && from.equals(ctx.membership().proposer(proposal.round()))
        && verifier.blockProblem(proposal.block()) == null) {
      position.rememberBlock(ProposedBlock.of(proposal.block()));
      agreement.recheck();
    }
  }

  /**
   * A report for a view at this height: kept when it is for the current view; for a higher view it
   * counts towards joining that view, which this peer does once {@code f + 1} members asked for it
   * or a higher one (so at least one honest member timed out); it is also held for when it gets
   * there.
   */
  private void onViewChange(PeerId from, PeerMessage.ViewChange change) {
    int view = change.round().view();
    int current = position.current().view();
    if (view < current) {
      ctx.events().voteIgnored(change.round(), "view change for a view this peer has left");
      return;
    }
    if (view > current) {
      hold(from, change, change.round());
      int joined = position.viewChangeHeard(from, view, ctx.membership().learnThreshold());
      if (joined > current) {
        enterView(joined);
      }
      return;
    }
    Optional<Justification.LockPoint> lock =
        change.lock().map(l -> new Justification.LockPoint(l.round().view(), l.block().hash()));
    switch (position.reports().add(from, lock)) {
      case EQUIVOCATION ->
          ctx.events()
              .misbehaviour(
                  from,
                  Misbehaviour.EQUIVOCATION,
                  "two different view changes for " + change.round());
      case DUPLICATE -> ctx.events().voteIgnored(change.round(), "duplicate view change");
      case NEW -> {
        if (!from.equals(ctx.self())
            && ownReport != null
            && ownReport.round().equals(change.round())) {
          // The sender may have missed this peer's report (it started later, or the link lost
          // it): one answer per member and view, so the proposer can count a quorum.
          ctx.send(from, ownReport);
        }
        change.lock().ifPresent(l -> position.rememberBlock(ProposedBlock.of(l.block())));
        lock.ifPresent(l -> reportContradiction(from, l));
        reported();
      }
    }
  }

  private void reported() {
    if (position.reports().size() == ctx.membership().quorum()) {
      proposer.reportsQuorum();
    }
    somethingToDo();
  }

  /** A reported lock on a block other than the one f + 1 members accepted in that view. */
  private void reportContradiction(PeerId from, Justification.LockPoint lock) {
    position
        .ballots()
        .reaching(PeerMessage.Phase.ACCEPT, lock.view(), ctx.membership().learnThreshold())
        .filter(accepted -> !accepted.equals(lock.blockHash()))
        .ifPresent(
            accepted ->
                ctx.events()
                    .misbehaviour(
                        from,
                        Misbehaviour.CONTRADICTION,
                        "reported a lock in view "
                            + lock.view()
                            + " on a block other than the one f + 1 members accepted"));
  }

  private void onGossip(PeerMessage.TxGossip gossiped) {
    boolean added = false;
    for (Transaction tx : gossiped.transactions()) {
      if (TransactionText.problem(tx.data(), ctx.settings().maxTransactionBytes()) == null
          && ctx.chain().blockIndexOf(tx.id()).isEmpty()) {
        added |= pool.add(tx, TransactionText.utf8Length(tx.data()));
      }
    }
    if (added) {
      somethingToDo();
    }
  }

  private void viewTimedOut(Round round) {
    if (!position.current().equals(round)) {
      return;
    }
    enterView(round.view() + 1);
    catchUp.fromAll();
  }

  /**
   * Moves to a higher view at this height: persists the promise first, then tells every member its
   * lock, and counts its own report.
   */
  private void enterView(int view) {
    Round from = position.current();
    Round to = new Round(position.height(), view);
    ctx.store().saveView(to);
    position.enterView(view, ctx.loop().nowMillis());
    ctx.events().viewChanged(from, to);
    proposer.viewChanged();
    timer.cancel();
    Optional<VoteLock> lock = position.lockAtHeight();
    ownReport = new PeerMessage.ViewChange(to, lock);
    ctx.broadcast(ownReport);
    agreement.repeatEarlierVotes();
    position.reports().add(ctx.self(), position.lockPoint());
    position.viewChangeHeard(ctx.self(), view, ctx.membership().learnThreshold());
    releaseHeld();
    agreement.recheck();
    if (position.current().equals(to)) {
      reported();
    }
  }

  /** Rules E1 and E2 for a block and justification in the current round, as this peer stands. */
  private Justification.Verdict judge(String blockHash, int justifyView) {
    return Justification.check(
        position.current(),
        blockHash,
        justifyView,
        position.lockPoint(),
        position.ballots(),
        ctx.membership());
  }

  /** The round's proposal was built here, or verified, or refused. */
  private void proposalDecided(RoundState round) {
    if (round.isAccepted()) {
      position.markActive(ctx.loop().nowMillis());
      timer.arm(position, pool);
      maybeEcho();
      agreement.recheck();
    }
  }

  /** Echoes the accepted proposal once its justification holds; refuses it if it never can. */
  private void maybeEcho() {
    RoundState round = position.round();
    if (!round.isAccepted() || round.echoed()) {
      return;
    }
    Justification.Verdict verdict = judge(round.proposal().hash(), round.justifyView());
    switch (verdict.kind()) {
      case OK -> agreement.echo();
      case WAIT -> {}
      case REFUSE -> {
        round.reject();
        ctx.events()
            .proposalRejected(
                round.round(), ctx.membership().proposer(round.round()), verdict.reason());
      }
    }
  }

  /**
   * New accepts may complete a held proposal's justification (E2), or the accept quorum a proposer
   * waits for to propose a reported lock's block again.
   */
  private void acceptsChanged() {
    maybeEcho();
    proposer.maybePropose();
  }

  /** A quorum names a block this peer never saw: fetch it from those who committed it. */
  private void blockMissing(String blockHash) {
    catchUp.fromAll();
  }

  private void decided(Agreement.Decision decision) {
    String hash = decision.block().hash();
    commit(
        new CommittedBlock(
            decision.block(), new CommitCertificate(decision.round(), hash, decision.lockedBy())));
  }

  /** Appends a block durably, then moves to the next height. */
  private void commit(CommittedBlock block) {
    if (block.index() != position.height()) {
      return;
    }
    try {
      ctx.chain().append(block);
    } catch (RuntimeException e) {
      ctx.events().chainConflict(ctx.self(), block.index(), "append refused: " + e.getMessage());
      return;
    }
    long now = ctx.loop().nowMillis();
    long roundMillis = position.millisSinceActive(now);
    position.advance(block, now);
    height = position.height();
    List<Transaction> transactions = block.block().transactions();
    pool.removeAll(transactions);
    gossip.committed(transactions);
    for (Transaction tx : transactions) {
      CompletableFuture<Long> waiter = waiters.remove(tx.id());
      if (waiter != null) {
        waiter.complete(block.index());
      }
    }
    ctx.events().committed(block, roundMillis);
    timer.cancel();
    releaseHeld();
    somethingToDo();
  }

  /**
   * A message for a later height: held when it is near (it may be the round this peer reaches after
   * catching up), dropped beyond {@link FutureMessages#HEIGHT_HORIZON}, where it would only sit in
   * the bounded buffer until that height, crowding out messages that matter sooner. Either way the
   * peer catches up, from every member (it adopts only what f + 1 of them attest).
   */
  private void ahead(PeerId from, PeerMessage message, Round round) {
    if (round.height() - position.height() > FutureMessages.HEIGHT_HORIZON) {
      ctx.events().voteIgnored(round, "for a height too far ahead to buffer");
    } else {
      hold(from, message, round);
    }
    catchUp.fromAll();
  }

  private void hold(PeerId from, PeerMessage message, Round round) {
    if (!future.hold(from, message, round)) {
      ctx.events().voteIgnored(round, "buffer of future-round messages is full");
    }
  }

  /** Messages held for the round just entered run as fresh loop tasks, in arrival order. */
  private void releaseHeld() {
    for (FutureMessages.Held held : future.release(position.current())) {
      ctx.loop().execute(() -> step(() -> handle(held.from(), held.message())));
    }
  }

  private String newId() {
    long high = (ctx.random().nextLong() & ~0xF000L) | 0x4000L;
    long low = (ctx.random().nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low).toString();
  }

  private void publish() {
    RoundState round = position.round();
    ProposedBlock proposal = round.proposal();
    RoundSnapshot.RoundPhase phase =
        switch (round.step()) {
          case NONE ->
              pool.isEmpty() && position.current().view() == 0
                  ? RoundSnapshot.RoundPhase.IDLE
                  : RoundSnapshot.RoundPhase.WAITING;
          case PROPOSING -> RoundSnapshot.RoundPhase.PROPOSING;
          case VERIFYING -> RoundSnapshot.RoundPhase.WAITING;
          case ACCEPTED -> RoundSnapshot.RoundPhase.VOTING;
          case REJECTED -> RoundSnapshot.RoundPhase.REJECTED;
        };
    snapshot =
        new RoundSnapshot(
            round.round(),
            ctx.membership().proposer(round.round()),
            phase,
            proposal == null ? null : proposal.hash(),
            proposal == null ? 0 : proposal.block().transactions().size(),
            proposal == null
                ? 0
                : position
                    .ballots()
                    .count(PeerMessage.Phase.ECHO, round.round().view(), proposal.hash()),
            ctx.membership().quorum(),
            pool.size(),
            future.dropped());
  }
}
