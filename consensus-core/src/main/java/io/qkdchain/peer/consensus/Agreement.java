package io.qkdchain.peer.consensus;

import io.qkdchain.peer.consensus.PeerMessage.Phase;
import io.qkdchain.peer.consensus.PeerMessage.Vote;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The votes of a height (docs/protocol.md, "One view", steps 3-7): this peer's echo, accept, lock
 * and commit, and the counting of everyone's, each from its sender only. A quorum of echoes makes a
 * peer accept; {@code f + 1} accepts make it accept too (so an accept quorum anyone saw reaches
 * every honest peer); a quorum of accepts in the current view makes it lock; a quorum of locks, or
 * {@code f + 1} commits, make it commit; a quorum of commits in any view decides the block (and
 * then every honest peer gets there, since at least {@code f + 1} honest ones committed).
 */
final class Agreement {

  /** A block decided at this height, with the members whose commit votes decided it. */
  record Decision(Round round, Block block, List<PeerId> lockedBy) {}

  private final PeerContext ctx;
  private final ChainPosition position;
  private final Consumer<Decision> onDecided;
  private final Runnable onAcceptsChanged;
  private final Consumer<String> onMissingBlock;
  private final Consumer<String> onEchoCounted;

  Agreement(
      PeerContext ctx,
      ChainPosition position,
      Consumer<Decision> onDecided,
      Runnable onAcceptsChanged,
      Consumer<String> onMissingBlock,
      Consumer<String> onEchoCounted) {
    this.ctx = ctx;
    this.onEchoCounted = onEchoCounted;
    this.position = position;
    this.onDecided = onDecided;
    this.onAcceptsChanged = onAcceptsChanged;
    this.onMissingBlock = onMissingBlock;
  }

  /** Echoes the current round's accepted proposal, once; its justification was checked. */
  void echo() {
    RoundState round = position.round();
    if (!round.markEchoed()) {
      return;
    }
    cast(Phase.ECHO, round.round().view(), round.proposal().hash());
  }

  /**
   * Tells every peer again the accept and lock votes this peer cast at this height in earlier
   * views. Links lose messages; a view change is when a lost one is missed (a new proposer needs
   * the accept quorum of the highest lock, a lagging peer the lock quorum of a decided block), and
   * re-sending costs at most two votes per earlier view.
   */
  void repeatEarlierVotes() {
    int current = position.current().view();
    for (Phase phase : new Phase[] {Phase.ACCEPT, Phase.LOCK, Phase.COMMIT}) {
      position
          .ballots()
          .votesOf(phase, ctx.self())
          .forEach(
              (view, hash) -> {
                if (view < current) {
                  ctx.broadcast(new Vote(new Round(position.height(), view), phase, hash));
                }
              });
    }
  }

  /** A vote of this height from {@code from}, for a view no later than the current one. */
  void onVote(PeerId from, Vote vote) {
    int view = vote.round().view();
    Phase phase = vote.phase();
    if (phase == Phase.ECHO && view != position.current().view()) {
      ctx.events().voteIgnored(vote.round(), "echo for a view this peer has left");
      return;
    }
    switch (position.ballots().add(phase, view, from, vote.blockHash())) {
      case EQUIVOCATION ->
          ctx.events()
              .misbehaviour(
                  from,
                  Misbehaviour.EQUIVOCATION,
                  "two different " + phase + " votes in " + vote.round());
      case DUPLICATE -> ctx.events().voteIgnored(vote.round(), "duplicate " + phase + " vote");
      case TOO_OLD -> ctx.events().voteIgnored(vote.round(), phase + " vote for a view long over");
      case NEW -> {
        counted(vote.round(), phase, from, vote.blockHash());
        if (phase != Phase.ECHO) {
          checkContradiction(from, phase, view, vote.blockHash());
        }
        progress(phase, view, vote.blockHash());
        if (phase == Phase.ECHO && position.current().view() == view) {
          onEchoCounted.accept(vote.blockHash());
        }
      }
    }
  }

  /**
   * Re-runs every rule over the votes held: after the proposal is accepted, a block becomes known,
   * or the view changes.
   */
  void recheck() {
    Ballots ballots = position.ballots();
    Membership members = ctx.membership();
    int current = position.current().view();
    ballots
        .reaching(Phase.ECHO, current, members.quorum())
        .ifPresent(hash -> sendAccept(current, hash));
    for (int view : ballots.viewsDescending()) {
      if (view > current) {
        continue;
      }
      Optional<String> accepted = ballots.reaching(Phase.ACCEPT, view, members.learnThreshold());
      accepted.ifPresent(hash -> sendAccept(view, hash));
      if (view == current) {
        ballots.reaching(Phase.ACCEPT, view, members.quorum()).ifPresent(h -> lock(view, h));
      }
      ballots.reaching(Phase.LOCK, view, members.quorum()).ifPresent(h -> sendCommit(view, h));
      ballots
          .reaching(Phase.COMMIT, view, members.learnThreshold())
          .ifPresent(h -> sendCommit(view, h));
      Optional<String> committed = ballots.reaching(Phase.COMMIT, view, members.quorum());
      if (committed.isPresent()) {
        decide(view, committed.get());
        return;
      }
    }
  }

  private void progress(Phase phase, int view, String hash) {
    Ballots ballots = position.ballots();
    Membership members = ctx.membership();
    int count = ballots.count(phase, view, hash);
    switch (phase) {
      case ECHO -> {
        if (count >= members.quorum()) {
          sendAccept(view, hash);
        }
      }
      case ACCEPT -> {
        if (count >= members.learnThreshold()) {
          sendAccept(view, hash);
        }
        if (count >= members.quorum() && view == position.current().view()) {
          lock(view, hash);
        }
        onAcceptsChanged.run();
      }
      case LOCK -> {
        if (count >= members.quorum()) {
          sendCommit(view, hash);
        }
      }
      case COMMIT -> {
        if (count >= members.learnThreshold()) {
          sendCommit(view, hash);
        }
        if (count >= members.quorum()) {
          decide(view, hash);
        }
      }
    }
  }

  private void sendAccept(int view, String hash) {
    if (position.markAcceptSent(view)) {
      ctx.store().saveAccept(new Vote(new Round(position.height(), view), Phase.ACCEPT, hash));
      cast(Phase.ACCEPT, view, hash);
    }
  }

  /**
   * After a restart: takes back as its own the accepts this peer saved at this height and the
   * accept and lock its persisted lock implies, so that view changes tell them again.
   */
  void restoreOwnVotes(List<Vote> savedAccepts) {
    for (Vote accept : savedAccepts) {
      if (accept.round().height() == position.height() && accept.phase() == Phase.ACCEPT) {
        restore(Phase.ACCEPT, accept.round().view(), accept.blockHash());
      }
    }
    position
        .lockPoint()
        .ifPresent(
            lock -> {
              restore(Phase.ACCEPT, lock.view(), lock.blockHash());
              restore(Phase.LOCK, lock.view(), lock.blockHash());
            });
  }

  private void restore(Phase phase, int view, String hash) {
    if (phase == Phase.ACCEPT && !position.markAcceptSent(view)) {
      return;
    }
    position.ballots().add(phase, view, ctx.self(), hash);
  }

  /** Commits once per view: a lock quorum, or f + 1 commits, for this block in this view. */
  private void sendCommit(int view, String hash) {
    Vote commit = new Vote(new Round(position.height(), view), Phase.COMMIT, hash);
    if (position.markCommitSent(commit)) {
      cast(Phase.COMMIT, view, hash);
    }
  }

  /** Locks on the block of a view's accept quorum (persisted first), then casts the lock vote. */
  private void lock(int view, String hash) {
    Round round = new Round(position.height(), view);
    if (position.lockPoint().filter(l -> l.view() >= view).isPresent()) {
      return;
    }
    Block block = position.knownBlock(hash);
    if (block == null) {
      onMissingBlock.accept(hash);
      return;
    }
    position.lockOn(round, new ProposedBlock(block, hash), ctx.store());
    ctx.events().locked(round, hash);
    cast(Phase.LOCK, view, hash);
  }

  private void decide(int view, String hash) {
    Block block = position.knownBlock(hash);
    if (block == null) {
      onMissingBlock.accept(hash);
      return;
    }
    List<PeerId> committedBy = position.ballots().voters(Phase.COMMIT, view, hash);
    onDecided.accept(new Decision(new Round(position.height(), view), block, committedBy));
  }

  /** Tells every peer, and counts its own vote as heard from itself. */
  private void cast(Phase phase, int view, String hash) {
    Round round = new Round(position.height(), view);
    ctx.events().voteCast(round, phase, hash);
    ctx.broadcast(new Vote(round, phase, hash));
    if (position.ballots().add(phase, view, ctx.self(), hash) == Ballots.Outcome.NEW) {
      counted(round, phase, ctx.self(), hash);
      progress(phase, view, hash);
    }
  }

  private void counted(Round round, Phase phase, PeerId voter, String hash) {
    ctx.events()
        .voteCounted(
            round,
            phase,
            voter,
            position.ballots().count(phase, round.view(), hash),
            ctx.membership().quorum());
  }

  /**
   * An accept or lock vote for a block other than the one {@code f + 1} members accepted in that
   * view: at least one honest member saw a quorum echo that one, so no other block can have had
   * one.
   */
  private void checkContradiction(PeerId from, Phase phase, int view, String hash) {
    position
        .ballots()
        .reaching(Phase.ACCEPT, view, ctx.membership().learnThreshold())
        .filter(accepted -> !accepted.equals(hash))
        .ifPresent(
            accepted ->
                ctx.events()
                    .misbehaviour(
                        from,
                        Misbehaviour.CONTRADICTION,
                        phase
                            + " vote in view "
                            + view
                            + " for a block other than the one f + 1 members accepted"));
  }
}
