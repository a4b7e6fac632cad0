package io.qkdchain.peer.consensus;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything peers say to each other (docs/messages.md). Each consensus message names its round
 * and, where there is one, the block hash, so a message for another round is never mixed in.
 */
public sealed interface PeerMessage {

  /** A consensus message of one round {@code (h, v)}: its age is judged by that round. */
  sealed interface RoundMessage extends PeerMessage {
    Round round();
  }

  /** Transactions an entry peer accepted, so that whoever proposes next can include them. */
  record TxGossip(List<Transaction> transactions) implements PeerMessage {
    public TxGossip {
      transactions = List.copyOf(transactions);
    }
  }

  /**
   * A block proposal, with the recipient's round-key handle and the group signature ({@code N}
   * hashed signatures in peer order). {@code justifyView} is the view of the accept quorum that
   * makes the block safe to propose again, or {@link #FRESH} for a new block (docs/protocol.md,
   * "Justification").
   */
  record Proposal(
      Round round,
      PeerId proposer,
      Block block,
      int justifyView,
      KeyHandle keyHandle,
      String family,
      int tagBits,
      List<String> groupSignature)
      implements RoundMessage {

    /** The justification of a block never proposed before at this height. */
    public static final int FRESH = -1;

    public Proposal {
      Objects.requireNonNull(round, "round");
      Objects.requireNonNull(proposer, "proposer");
      Objects.requireNonNull(block, "block");
      Objects.requireNonNull(keyHandle, "keyHandle");
      Objects.requireNonNull(family, "family");
      if (justifyView != FRESH && (justifyView < 0 || justifyView >= round.view())) {
        throw new IllegalArgumentException(
            "justifyView must be -1 or a view below " + round.view() + ", got " + justifyView);
      }
      groupSignature = List.copyOf(groupSignature);
    }
  }

  /** The four votes of a view, in the order a peer casts them (docs/protocol.md, "One view"). */
  enum Phase {
    /** "I accepted this proposal from the view's proposer." At most one per view. */
    ECHO,
    /** "I heard a quorum echo this block in this view" (or f + 1 members say so). */
    ACCEPT,
    /** "I heard a quorum accept this block in this view, and locked on it." */
    LOCK,
    /**
     * "I heard a quorum lock this block in this view" (or f + 1 members say so). A quorum of
     * commits decides the block, and any f + 1 of them make every honest peer commit too, so once
     * one honest peer decides, every honest peer does.
     */
    COMMIT
  }

  /** A vote of one phase for a block, told to every peer; counted only from its sender. */
  record Vote(Round round, Phase phase, String blockHash) implements RoundMessage {
    public Vote {
      Objects.requireNonNull(round, "round");
      Objects.requireNonNull(phase, "phase");
      Objects.requireNonNull(blockHash, "blockHash");
    }
  }

  /**
   * Asks a member that echoed {@code blockHash} in this round for the proposal, which this peer
   * never received (docs/protocol.md, "Relay along a vote chain").
   */
  record RelayRequest(Round round, String blockHash) implements RoundMessage {
    public RelayRequest {
      Objects.requireNonNull(round, "round");
      Objects.requireNonNull(blockHash, "blockHash");
    }
  }

  /** The answer to a {@link RelayRequest}: the block this member echoed, and its justification. */
  record Relay(Round round, Block block, int justifyView) implements RoundMessage {
    public Relay {
      Objects.requireNonNull(round, "round");
      Objects.requireNonNull(block, "block");
      if (justifyView != Proposal.FRESH && (justifyView < 0 || justifyView >= round.view())) {
        throw new IllegalArgumentException(
            "justifyView must be -1 or a view below " + round.view() + ", got " + justifyView);
      }
    }
  }

  /**
   * Told to every peer on entering view {@code v > 0}: the sender's lock at this height, if any.
   * The proposer of {@code v} chooses its block from these reports, and every peer checks that
   * choice against the reports it holds itself.
   */
  record ViewChange(Round round, Optional<VoteLock> lock) implements RoundMessage {
    public ViewChange {
      Objects.requireNonNull(round, "round");
      Objects.requireNonNull(lock, "lock");
      if (round.view() == 0) {
        throw new IllegalArgumentException("a view change names a view above 0");
      }
      lock.ifPresent(
          l -> {
            if (l.round().height() != round.height() || l.round().view() >= round.view()) {
              throw new IllegalArgumentException(
                  "a reported lock must be at the same height and an earlier view than " + round);
            }
          });
    }
  }

  /**
   * From a proposer to one slave: the IDs of the round key it holds for its next proposal on their
   * link, so the slave can read that key from its KME before the proposal arrives
   * (docs/protocol.md, "Key notices"). It names no round: which proposal uses the key is only known
   * when one does.
   */
  record KeyNotice(KeyHandle.QkdKeyIds keyIds, int bits) implements PeerMessage {
    public KeyNotice {
      Objects.requireNonNull(keyIds, "keyIds");
      if (bits <= 0) {
        throw new IllegalArgumentException("bits must be positive");
      }
    }
  }
}
