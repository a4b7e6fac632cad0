package io.qkdchain.peer.consensus;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything this peer knows about one round {@code (h, v)}; dropped as a whole when the round
 * ends, so nothing of one round leaks into another. Confined to the event loop.
 */
final class RoundState {

  /** The proposal's progress at this peer; transitions only forward. */
  enum Step {
    /** No proposal seen. */
    NONE,
    /** The proposer is obtaining round keys. */
    PROPOSING,
    /** A proposal passed the cheap checks; its round key is being read. */
    VERIFYING,
    /** Verified (or, at the proposer, built); this peer votes on chains for it. */
    ACCEPTED,
    /** The proposal failed verification; this peer does not vote in this round. */
    REJECTED
  }

  record WaitingRequest(PeerId from, PeerMessage.VerifyAndVote request) {}

  private final Round round;
  private final long startedAtMillis;
  private Step step = Step.NONE;
  private ProposedBlock proposal;
  private List<String> groupSignature = List.of();
  private final VoteTally tally = new VoteTally();
  private final Set<PeerId> chainsVotedOn = new HashSet<>();
  private final List<WaitingRequest> waiting = new ArrayList<>();
  private int keyFailures;

  RoundState(Round round, long startedAtMillis) {
    this.round = round;
    this.startedAtMillis = startedAtMillis;
  }

  Round round() {
    return round;
  }

  long startedAtMillis() {
    return startedAtMillis;
  }

  Step step() {
    return step;
  }

  boolean isAccepted() {
    return step == Step.ACCEPTED;
  }

  /** True once a proposal is being handled, so a second one for this round is refused. */
  boolean hasProposal() {
    return step != Step.NONE;
  }

  void proposing() {
    require(step == Step.NONE, "propose");
    step = Step.PROPOSING;
  }

  /** The proposer gave up on this attempt (a round key failed); it may try again later. */
  void abandonProposing() {
    require(step == Step.PROPOSING, "abandon");
    step = Step.NONE;
    keyFailures++;
  }

  int keyFailures() {
    return keyFailures;
  }

  void verifying(ProposedBlock candidate) {
    require(step == Step.NONE, "verify");
    step = Step.VERIFYING;
    proposal = candidate;
  }

  void accept(ProposedBlock accepted, List<String> signature) {
    require(step == Step.PROPOSING || step == Step.VERIFYING, "accept");
    step = Step.ACCEPTED;
    proposal = accepted;
    groupSignature = List.copyOf(signature);
  }

  void reject() {
    require(step == Step.VERIFYING, "reject");
    step = Step.REJECTED;
  }

  /** The proposal being verified or accepted; null before. */
  ProposedBlock proposal() {
    return proposal;
  }

  /** The group signature's entry for {@code peer}; only once accepted. */
  String signatureOf(Membership membership, PeerId peer) {
    return groupSignature.get(membership.indexOf(peer));
  }

  VoteTally tally() {
    return tally;
  }

  /** Records that this peer voted on {@code initiator}'s chain; false if it already had. */
  boolean markVotedOn(PeerId initiator) {
    return chainsVotedOn.add(initiator);
  }

  boolean hasVoted() {
    return !chainsVotedOn.isEmpty();
  }

  /** Holds a vote-chain request that arrived before this peer accepted the proposal. */
  boolean hold(WaitingRequest request, int capacity) {
    if (waiting.size() >= capacity) {
      return false;
    }
    waiting.add(request);
    return true;
  }

  List<WaitingRequest> takeWaiting() {
    List<WaitingRequest> taken = List.copyOf(waiting);
    waiting.clear();
    return taken;
  }

  private void require(boolean allowed, String action) {
    if (!allowed) {
      throw new IllegalStateException("cannot " + action + " in step " + step + " of " + round);
    }
  }
}
