package io.qkdchain.peer.consensus;

import java.util.HashSet;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A receiver's checks of a proposal (docs/protocol.md, "One round", step 5): the proposer, the
 * block against this peer's chain, the lock, and last the MAC under the round key read from the
 * KME, which is used once and destroyed. Cheap checks come first so a bad proposal costs no key.
 */
final class ProposalVerifier {

  private final PeerContext ctx;
  private final ChainPosition position;
  private final AnnouncedKeys announced;
  private final Consumer<RoundState> onDecided;
  private final BiFunction<String, Integer, Justification.Verdict> justification;

  /**
   * {@code justification} judges a block hash and justification view by rules E1 and E2 as this
   * peer stands; {@code onDecided} runs once the round's proposal is accepted or rejected after its
   * key read.
   */
  ProposalVerifier(
      PeerContext ctx,
      ChainPosition position,
      AnnouncedKeys announced,
      BiFunction<String, Integer, Justification.Verdict> justification,
      Consumer<RoundState> onDecided) {
    this.ctx = ctx;
    this.position = position;
    this.announced = announced;
    this.justification = justification;
    this.onDecided = onDecided;
  }

  /** Handles a proposal for the current round. */
  void verify(PeerId from, PeerMessage.Proposal proposal) {
    RoundState round = position.round();
    Round r = proposal.round();
    PeerId expected = ctx.membership().proposer(r);
    if (!from.equals(proposal.proposer()) || !expected.equals(from)) {
      ctx.events()
          .misbehaviour(
              from, Misbehaviour.NOT_PROPOSER, "proposal for " + r + ", led by " + expected);
      reject(r, from, "not from the proposer of " + r + " (" + expected + ")");
      return;
    }
    if (from.equals(ctx.self())) {
      return;
    }
    ProposedBlock block = ProposedBlock.of(proposal.block());
    if (round.hasProposal()) {
      if (round.proposal() == null || !round.proposal().hash().equals(block.hash())) {
        ctx.events()
            .misbehaviour(from, Misbehaviour.EQUIVOCATION, "two different proposals in " + r);
        reject(r, from, "a second, different proposal in the round");
      }
      return;
    }
    String problem = macParametersProblem(proposal);
    if (problem == null) {
      problem = blockProblem(block.block());
      if (problem != null) {
        ctx.events().misbehaviour(from, Misbehaviour.INVALID_BLOCK, problem);
      }
    }
    if (problem == null) {
      Justification.Verdict verdict = justification.apply(block.hash(), proposal.justifyView());
      if (verdict.kind() == Justification.Verdict.Kind.REFUSE) {
        problem = verdict.reason();
      }
    }
    if (problem != null) {
      reject(r, from, problem);
      return;
    }
    position.rememberBlock(block);
    round.verifying(block, proposal.justifyView());
    byte[] bytes =
        ProposalBytes.of(r, proposal.proposer(), proposal.justifyView(), proposal.block());
    int bits =
        GroupSignature.roundKeyBits(ctx.settings().family(), ctx.settings().tagBits(), bytes);
    // The MAC is computed off the loop once the key is ready (its LFSR derived, which takes about
    // a millisecond); an announced key was read and made ready before the proposal came.
    ctx.onLoop(
        announced
            .obtain(from, proposal.keyHandle(), bits)
            .thenApplyAsync(key -> OwnEntry.compute(ctx, bytes, key), ctx.loop().compute()),
        (entry, error) -> keyRead(round, proposal, block, bits, entry, error));
  }

  /**
   * A block relayed along a vote chain (docs/protocol.md, "Relay along a vote chain"): accepted
   * without a MAC when {@code f + 1} members echoed it in this round, after the same block and
   * rule-E1 checks as a proposal.
   */
  void relayed(PeerId from, PeerMessage.Relay relay) {
    RoundState round = position.round();
    Round r = relay.round();
    ProposedBlock block = ProposedBlock.of(relay.block());
    if (round.hasProposal()
        || position.ballots().count(PeerMessage.Phase.ECHO, r.view(), block.hash())
            < ctx.membership().learnThreshold()) {
      return;
    }
    String problem = blockProblem(block.block());
    if (problem == null) {
      Justification.Verdict verdict = justification.apply(block.hash(), relay.justifyView());
      problem = verdict.kind() == Justification.Verdict.Kind.REFUSE ? verdict.reason() : null;
    }
    if (problem != null) {
      reject(r, from, "relayed block: " + problem);
      return;
    }
    position.rememberBlock(block);
    round.acceptRelayed(block, relay.justifyView());
    ctx.events().relayed(r, block.hash(), from);
    onDecided.accept(round);
  }

  /** This peer's hashed signature under the round key read, or why the key could not be used. */
  private record OwnEntry(String entry, String unusable) {
    static OwnEntry compute(PeerContext ctx, byte[] bytes, ReadyKey key) {
      if (key == null) {
        return null;
      }
      try {
        return new OwnEntry(key.entry(bytes, ctx.self()), null);
      } catch (IllegalArgumentException e) {
        return new OwnEntry(null, e.getMessage());
      }
    }
  }

  private void keyRead(
      RoundState round,
      PeerMessage.Proposal proposal,
      ProposedBlock block,
      int bits,
      OwnEntry own,
      Throwable error) {
    Round r = round.round();
    PeerId proposer = proposal.proposer();
    if (position.round() != round) {
      return;
    }
    if (error != null || own == null) {
      String reason = error == null ? "no key returned" : PeerContext.describe(error);
      ctx.events().keyFailed(r, proposer, reason);
      round.reject();
      reject(r, proposer, "round key unavailable: " + reason);
      onDecided.accept(round);
      return;
    }
    ctx.events().keyReceived(r, proposer, Proposer.keyIds(proposal.keyHandle()), bits);
    if (own.unusable() != null) {
      round.reject();
      reject(r, proposer, "round key unusable: " + own.unusable());
      onDecided.accept(round);
      return;
    }
    String mine = own.entry();
    if (!mine.equals(proposal.groupSignature().get(ctx.membership().indexOf(ctx.self())))) {
      round.reject();
      ctx.events()
          .misbehaviour(
              proposer, Misbehaviour.BAD_MAC, "group-signature entry fails under this peer's key");
      reject(r, proposer, "MAC does not verify: hashed signature not in the group signature");
      onDecided.accept(round);
      return;
    }
    round.accept(block, proposal.justifyView(), proposal.groupSignature());
    ctx.events().proposalAccepted(r, block.hash(), proposer);
    onDecided.accept(round);
  }

  private String macParametersProblem(PeerMessage.Proposal proposal) {
    ConsensusSettings settings = ctx.settings();
    if (!settings.family().wireName().equals(proposal.family())
        || settings.tagBits() != proposal.tagBits()) {
      return "MAC parameters "
          + proposal.family()
          + "/"
          + proposal.tagBits()
          + " differ from this peer's "
          + settings.family().wireName()
          + "/"
          + settings.tagBits();
    }
    return GroupSignature.problem(proposal.groupSignature(), ctx.membership().size());
  }

  /** Why {@code block} cannot be the next block of this peer's chain, or null. */
  String blockProblem(Block block) {
    ConsensusSettings settings = ctx.settings();
    if (block.index() != position.height()) {
      return "block index " + block.index() + " is not the height " + position.height();
    }
    if (!block.previousBlockHash().equals(position.tipHash())) {
      return "block does not link to this peer's tip";
    }
    if (block.timestamp() < position.tipTimestamp()) {
      return "block timestamp is before the previous block's";
    }
    if (block.transactions().size() > settings.maxBlockTransactions()) {
      return "block holds " + block.transactions().size() + " transactions, more than allowed";
    }
    long bytes = 0;
    Set<String> ids = new HashSet<>();
    for (Transaction tx : block.transactions()) {
      String textProblem = TransactionText.problem(tx.data(), settings.maxTransactionBytes());
      if (textProblem != null) {
        return "transaction " + tx.id() + ": " + textProblem;
      }
      bytes += TransactionText.utf8Length(tx.data());
      if (!ids.add(tx.id())) {
        return "transaction " + tx.id() + " appears twice in the block";
      }
      if (ctx.chain().blockIndexOf(tx.id()).isPresent()) {
        return "transaction " + tx.id() + " is already committed";
      }
    }
    if (block.transactions().size() > 1 && bytes > settings.maxBlockBytes()) {
      return "block data of " + bytes + " bytes exceeds " + settings.maxBlockBytes();
    }
    return null;
  }

  private void reject(Round round, PeerId proposer, String reason) {
    ctx.events().proposalRejected(round, proposer, reason);
  }
}
