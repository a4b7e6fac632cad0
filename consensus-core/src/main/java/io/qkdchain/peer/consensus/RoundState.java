package io.qkdchain.peer.consensus;

import java.util.List;

/**
 * One round attempt {@code (h, v)} at this peer: the proposal's progress, its justification and
 * whether this peer echoed it. Dropped as a whole when the view or the height changes, so nothing
 * of one attempt leaks into another. Confined to the event loop.
 */
final class RoundState {

  /** The proposal's progress at this peer; transitions only forward. */
  enum Step {
    /** No proposal seen. */
    NONE,
    /** This peer is the proposer and is obtaining round keys. */
    PROPOSING,
    /** A proposal passed the cheap checks; its round key is being read. */
    VERIFYING,
    /**
     * Authenticated (its MAC verified, or built here); echoed once its justification holds ({@link
     * #echoed()}).
     */
    ACCEPTED,
    /** The proposal failed a check; this peer does not echo in this view. */
    REJECTED
  }

  private final Round round;
  private final long startedAtMillis;
  private Step step = Step.NONE;
  private ProposedBlock proposal;
  private int justifyView = PeerMessage.Proposal.FRESH;
  private List<String> groupSignature = List.of();
  private boolean echoed;
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

  void verifying(ProposedBlock candidate, int justification) {
    require(step == Step.NONE, "verify");
    step = Step.VERIFYING;
    proposal = candidate;
    justifyView = justification;
  }

  void accept(ProposedBlock accepted, int justification, List<String> signature) {
    require(step == Step.PROPOSING || step == Step.VERIFYING, "accept");
    step = Step.ACCEPTED;
    proposal = accepted;
    justifyView = justification;
    groupSignature = List.copyOf(signature);
  }

  /**
   * Accepts a block relayed by a member that echoed it, when {@code f + 1} members echoed it: at
   * least one honest member authenticated it as the proposer's. It has no group signature here.
   */
  void acceptRelayed(ProposedBlock relayed, int justification) {
    require(step == Step.NONE, "accept a relayed block");
    step = Step.ACCEPTED;
    proposal = relayed;
    justifyView = justification;
    groupSignature = List.of();
  }

  /** Refuses the proposal for this view, whatever step it reached. */
  void reject() {
    require(step != Step.PROPOSING, "reject");
    step = Step.REJECTED;
  }

  /** Records this peer's echo; false if it had echoed in this view already. */
  boolean markEchoed() {
    require(step == Step.ACCEPTED, "echo");
    if (echoed) {
      return false;
    }
    echoed = true;
    return true;
  }

  boolean echoed() {
    return echoed;
  }

  /** The proposal being verified or accepted; null before. */
  ProposedBlock proposal() {
    return proposal;
  }

  int justifyView() {
    return justifyView;
  }

  List<String> groupSignature() {
    return groupSignature;
  }

  private void require(boolean allowed, String action) {
    if (!allowed) {
      throw new IllegalStateException("cannot " + action + " in step " + step + " of " + round);
    }
  }
}
