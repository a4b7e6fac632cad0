package io.qkdchain.peer.consensus;

import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * One peer's consensus (docs/protocol.md): rounds, views, locks, vote chains, commits, view changes
 * and catch-up, run as a single-threaded state machine on an {@link EventLoop}. Spring- and
 * HTTP-free: the node plugs in through the ports given to the constructor.
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
  private final VoteChain votes;
  private final CatchUp catchUp;
  private final Gossip gossip;
  private final ViewTimer timer;
  private final ConcurrentHashMap<String, CompletableFuture<Long>> waiters =
      new ConcurrentHashMap<>();
  private volatile boolean running;
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
    this.proposer = new Proposer(ctx, position, pool, this::decided);
    this.announced = new AnnouncedKeys(ctx);
    this.verifier = new ProposalVerifier(ctx, position, announced, this::decided);
    this.votes = new VoteChain(ctx, position, future, this::checkCommit);
    this.catchUp = new CatchUp(ctx, position, block -> commit(block, false));
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

  private void recover() {
    ConsensusStateStore store = ctx.store();
    store.loadLock().ifPresent(position::restoreLock);
    int view = position.lockAtHeight().map(l -> l.round().view()).orElse(0);
    view =
        Math.max(
            view,
            store
                .loadView()
                .filter(r -> r.height() == position.height())
                .map(Round::view)
                .orElse(0));
    if (view > 0) {
      enterView(view, false);
    }
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
    timer.arm(position, pool);
    proposer.maybePropose();
  }

  private void acknowledged(Transaction tx) {
    ctx.events().transactionAccepted(tx);
    gossip.acknowledged(tx);
    somethingToDo();
  }

  private void somethingToDo() {
    timer.arm(position, pool);
    proposer.maybePropose();
  }

  private void handle(PeerId from, PeerMessage message) {
    if (!ctx.membership().isMember(from)) {
      ignore(from, message, roundOf(message), "sender " + from + " is not a member");
    } else if (message instanceof PeerMessage.TxGossip gossiped) {
      onGossip(gossiped);
    } else if (message instanceof PeerMessage.Commit commit) {
      onCommit(from, commit);
    } else if (message instanceof PeerMessage.KeyNotice notice) {
      announced.announced(from, notice);
    } else {
      route(from, message, roundOf(message));
    }
  }

  private void route(PeerId from, PeerMessage message, Round round) {
    Round current = position.current();
    if (round.height() < current.height()) {
      if (message instanceof PeerMessage.ViewChange || message instanceof PeerMessage.Proposal) {
        // The sender is behind: the certificate lets it commit (or fetch) what it missed.
        ctx.chain()
            .get(round.height())
            .ifPresent(b -> ctx.send(from, new PeerMessage.Commit(b.certificate())));
      }
      ignore(from, message, round, "for a height already committed");
    } else if (round.height() > current.height()) {
      ahead(from, message, round);
    } else if (round.view() < current.view()) {
      ignore(from, message, round, "for an earlier view than " + current.view());
    } else if (round.view() > current.view()) {
      boolean adopt =
          message instanceof PeerMessage.Proposal
              || (message instanceof PeerMessage.ViewChange
                  && ctx.self().equals(ctx.membership().proposer(round)));
      if (adopt) {
        enterView(round.view(), true);
        dispatch(from, message);
      } else {
        hold(from, message, round);
      }
    } else {
      dispatch(from, message);
    }
  }

  private void dispatch(PeerId from, PeerMessage message) {
    if (message instanceof PeerMessage.Proposal proposal) {
      verifier.verify(from, proposal);
    } else if (message instanceof PeerMessage.VerifyAndVote request) {
      votes.onRequest(from, request);
    } else if (message instanceof PeerMessage.Vote vote) {
      votes.onVote(from, vote);
    } else if (message instanceof PeerMessage.ViewChange change) {
      onViewChange(from, change);
    }
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

  private void onViewChange(PeerId from, PeerMessage.ViewChange change) {
    ViewChangeQuorum quorum = position.viewChanges();
    if (quorum == null || !quorum.round().equals(change.round())) {
      ctx.events().voteIgnored(change.round(), "view change sent to a peer that does not lead it");
      return;
    }
    quorum.add(from, change.lock());
    somethingToDo();
  }

  private void viewTimedOut(Round round) {
    if (!position.current().equals(round)) {
      return;
    }
    Round next = round.nextView();
    enterView(next.view(), true);
    PeerId leader = ctx.membership().proposer(next);
    if (!leader.equals(ctx.self())) {
      ctx.send(leader, new PeerMessage.ViewChange(next, position.lockAtHeight()));
    }
  }

  /** Moves to a higher view at this height, persisting it first when it is a new promise. */
  private void enterView(int view, boolean persist) {
    Round from = position.current();
    Round to = new Round(position.height(), view);
    if (persist) {
      ctx.store().saveView(to);
    }
    position.enterView(view, ctx.loop().nowMillis());
    if (ctx.self().equals(ctx.membership().proposer(to))) {
      ViewChangeQuorum quorum = new ViewChangeQuorum(to);
      quorum.add(ctx.self(), position.lockAtHeight());
      position.collectViewChanges(quorum);
    }
    ctx.events().viewChanged(from, to);
    proposer.viewChanged();
    timer.cancel();
    releaseHeld();
    somethingToDo();
  }

  private void decided(RoundState round) {
    if (round.isAccepted()) {
      position.markActive(ctx.loop().nowMillis());
      timer.arm(position, pool);
      votes.start(round);
    }
    votes.releaseWaiting(round);
    checkCommit();
  }

  private void checkCommit() {
    RoundState round = position.round();
    int threshold = ctx.membership().voteThreshold();
    for (String hash : List.copyOf(round.tally().blockHashes())) {
      Block block = position.knownBlock(hash);
      if (round.tally().count(hash) >= threshold && block != null) {
        List<VotePair> pairs = round.tally().votes(hash, ctx.membership());
        commit(new CommittedBlock(block, new CommitCertificate(round.round(), hash, pairs)), true);
        return;
      }
    }
  }

  private void onCommit(PeerId from, PeerMessage.Commit notice) {
    CommitCertificate certificate = notice.certificate();
    long noticeHeight = certificate.round().height();
    if (noticeHeight < position.height()) {
      return;
    }
    if (noticeHeight > position.height()) {
      ahead(from, notice, new Round(noticeHeight, 0));
      return;
    }
    if (!ctx.membership().certifies(certificate)) {
      ctx.events().voteIgnored(certificate.round(), "commit notice with too few member votes");
      return;
    }
    Block block = position.knownBlock(certificate.blockHash());
    if (block == null) {
      catchUp.from(from);
      return;
    }
    commit(new CommittedBlock(block, certificate), false);
  }

  /** Appends a block durably, then moves to the next height; announces it when agreed here. */
  private void commit(CommittedBlock block, boolean announce) {
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
    if (announce) {
      ctx.broadcast(new PeerMessage.Commit(block.certificate()));
    }
    timer.cancel();
    releaseHeld();
    somethingToDo();
  }

  /**
   * A message for a later height: held when it is near (it may be the round this peer reaches after
   * catching up), dropped beyond {@link FutureMessages#HEIGHT_HORIZON}, where it would only sit in
   * the bounded buffer until that height, crowding out messages that matter sooner. Either way the
   * peer catches up from the sender.
   */
  private void ahead(PeerId from, PeerMessage message, Round round) {
    if (round.height() - position.height() > FutureMessages.HEIGHT_HORIZON) {
      ignore(from, message, round, "for a height too far ahead to buffer");
    } else {
      hold(from, message, round);
    }
    catchUp.from(from);
  }

  private void hold(PeerId from, PeerMessage message, Round round) {
    if (!future.hold(from, message, round)) {
      ignore(from, message, round, "buffer of future-round messages is full");
    }
  }

  /** Messages held for the round just entered run as fresh loop tasks, in arrival order. */
  private void releaseHeld() {
    for (FutureMessages.Held held : future.release(position.current())) {
      ctx.loop().execute(() -> step(() -> handle(held.from(), held.message())));
    }
  }

  private void ignore(PeerId from, PeerMessage message, Round round, String reason) {
    if (message instanceof PeerMessage.Proposal) {
      ctx.events().proposalRejected(round, from, reason);
    } else {
      ctx.events().voteIgnored(round, reason);
    }
  }

  private Round roundOf(PeerMessage message) {
    if (message instanceof PeerMessage.Proposal m) {
      return m.round();
    } else if (message instanceof PeerMessage.VerifyAndVote m) {
      return m.round();
    } else if (message instanceof PeerMessage.Vote m) {
      return m.round();
    } else if (message instanceof PeerMessage.ViewChange m) {
      return m.round();
    } else if (message instanceof PeerMessage.Commit m) {
      return m.certificate().round();
    }
    return position.current();
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
              pool.isEmpty() && position.viewChanges() == null
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
            proposal == null ? 0 : round.tally().count(proposal.hash()),
            ctx.membership().voteThreshold(),
            pool.size(),
            future.dropped());
  }
}
