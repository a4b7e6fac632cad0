package io.qkdchain.peer.consensus;

import java.util.HashSet;
import java.util.List;

/**
 * Vote chains (docs/protocol.md, "One round", steps 6-8): each peer that accepted a proposal starts
 * one along a QRNG-drawn order of all members; each peer on it checks the initiator's hashed
 * signature, votes (lock first), tells everyone, and passes the request on, skipping peers that
 * cannot be reached. Votes are counted here, as sets.
 */
final class VoteChain {

  private final PeerContext ctx;
  private final ChainPosition position;
  private final FutureMessages overflow;
  private final Runnable checkCommit;

  VoteChain(
      PeerContext ctx, ChainPosition position, FutureMessages overflow, Runnable checkCommit) {
    this.ctx = ctx;
    this.position = position;
    this.overflow = overflow;
    this.checkCommit = checkCommit;
  }

  /** Starts this peer's chain for a proposal it just accepted. */
  void start(RoundState round) {
    Round r = round.round();
    VoteOrderSource.DrawnOrder drawn;
    try {
      drawn = ctx.orders().draw(ctx.membership().members());
    } catch (RuntimeException e) {
      ctx.events().voteIgnored(r, "no vote order, chain not started: " + PeerContext.describe(e));
      return;
    }
    if (orderProblem(drawn.order()) != null) {
      ctx.events().voteIgnored(r, "vote order source: " + orderProblem(drawn.order()));
      return;
    }
    ctx.events().voteChainStarted(r, ctx.self(), drawn.order(), drawn.fromQrng());
    PeerMessage.VerifyAndVote request =
        new PeerMessage.VerifyAndVote(
            r,
            round.proposal().hash(),
            ctx.self(),
            round.signatureOf(ctx.membership(), ctx.self()),
            drawn.order(),
            0);
    pass(round, request, 0);
  }

  /** A vote-chain request for the current round. */
  void onRequest(PeerId from, PeerMessage.VerifyAndVote request) {
    RoundState round = position.round();
    Round r = request.round();
    String problem = orderProblem(request.order());
    if (problem == null && !request.order().get(request.position()).equals(ctx.self())) {
      problem = "request is not for this peer's position in the chain";
    }
    if (problem == null && !ctx.membership().isMember(request.initiator())) {
      problem = "initiator has no entry in the group signature";
    }
    if (problem != null) {
      ctx.events().voteIgnored(r, problem);
      return;
    }
    switch (round.step()) {
      case NONE, PROPOSING, VERIFYING -> {
        if (!round.hold(
            new RoundState.WaitingRequest(from, request), ctx.settings().maxBufferedMessages())) {
          overflow.countDropped();
          ctx.events().voteIgnored(r, "too many vote requests before the proposal");
        }
        return;
      }
      case REJECTED -> {
        // No vote from here, but the others on the chain may still vote.
        pass(round, request, request.position() + 1);
        return;
      }
      case ACCEPTED -> vote(round, request);
    }
  }

  /** Replays requests that arrived before the proposal was accepted (or rejected). */
  void releaseWaiting(RoundState round) {
    for (RoundState.WaitingRequest waiting : round.takeWaiting()) {
      onRequest(waiting.from(), waiting.request());
    }
  }

  private void vote(RoundState round, PeerMessage.VerifyAndVote request) {
    Round r = request.round();
    String hash = round.proposal().hash();
    if (!request.blockHash().equals(hash)) {
      ctx.events().voteIgnored(r, "request names another block than the accepted proposal");
      return;
    }
    PeerId initiator = request.initiator();
    if (!request.initiatorSignature().equals(round.signatureOf(ctx.membership(), initiator))) {
      ctx.events().voteIgnored(r, "initiator's signature is not in the group signature");
      return;
    }
    if (!round.markVotedOn(initiator)) {
      ctx.events().voteIgnored(r, "duplicate request on " + initiator + "'s chain");
      return;
    }
    position.lockOn(r, round.proposal(), ctx.store());
    VotePair vote = new VotePair(initiator, ctx.self());
    ctx.events().voteCast(r, vote);
    count(round, hash, vote);
    ctx.broadcast(new PeerMessage.Vote(r, hash, vote));
    pass(round, request, request.position() + 1);
    checkCommit.run();
  }

  /** A vote another peer cast in the current round. */
  void onVote(PeerId from, PeerMessage.Vote message) {
    Round r = message.round();
    VotePair vote = message.vote();
    if (!ctx.membership().isMember(vote.voter())) {
      ctx.events().voteIgnored(r, "voter " + vote.voter() + " is not a member");
      return;
    }
    if (!ctx.membership().isMember(vote.initiator())) {
      ctx.events().voteIgnored(r, "initiator has no entry in the group signature");
      return;
    }
    if (!vote.voter().equals(from)) {
      ctx.events().voteIgnored(r, "vote relayed by " + from + ", not sent by its voter");
      return;
    }
    count(position.round(), message.blockHash(), vote);
    checkCommit.run();
  }

  private void count(RoundState round, String blockHash, VotePair vote) {
    Round r = round.round();
    if (round.tally().add(blockHash, vote)) {
      ctx.events()
          .voteCounted(r, vote, round.tally().count(blockHash), ctx.membership().voteThreshold());
    } else {
      ctx.events().voteIgnored(r, "duplicate vote " + vote.initiator() + "/" + vote.voter());
    }
  }

  /** Sends the request to {@code order[position]}, or the next reachable peer after it. */
  private void pass(RoundState round, PeerMessage.VerifyAndVote request, int position) {
    if (position >= request.order().size()) {
      return;
    }
    PeerMessage.VerifyAndVote next =
        new PeerMessage.VerifyAndVote(
            request.round(),
            request.blockHash(),
            request.initiator(),
            request.initiatorSignature(),
            request.order(),
            position);
    ctx.onLoop(
        ctx.deliver(request.order().get(position), next),
        (ok, error) -> {
          if (error != null && this.position.round() == round) {
            pass(round, request, position + 1);
          }
        });
  }

  private String orderProblem(List<PeerId> order) {
    if (order.size() != ctx.membership().size()
        || !new HashSet<>(order).containsAll(ctx.membership().members())) {
      return "vote order is not a permutation of the members";
    }
    return null;
  }
}
