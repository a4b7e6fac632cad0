package io.qkdchain.peer.consensus;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything peers say to each other (docs/messages.md). Each consensus message names its round
 * and, where there is one, the block hash, so a message for another round is never mixed in.
 */
public sealed interface PeerMessage {

  /** Transactions an entry peer accepted, so that whoever proposes next can include them. */
  record TxGossip(List<Transaction> transactions) implements PeerMessage {
    public TxGossip {
      transactions = List.copyOf(transactions);
    }
  }

  /**
   * A block proposal, with the recipient's round-key handle and the group signature ({@code N}
   * hashed signatures in peer order).
   */
  record Proposal(
      Round round,
      PeerId proposer,
      Block block,
      KeyHandle keyHandle,
      String family,
      int tagBits,
      List<String> groupSignature)
      implements PeerMessage {
    public Proposal {
      Objects.requireNonNull(round, "round");
      Objects.requireNonNull(proposer, "proposer");
      Objects.requireNonNull(block, "block");
      Objects.requireNonNull(keyHandle, "keyHandle");
      Objects.requireNonNull(family, "family");
      groupSignature = List.copyOf(groupSignature);
    }
  }

  /** A vote-chain request travelling along {@code order}; {@code position} is the receiver's. */
  record VerifyAndVote(
      Round round,
      String blockHash,
      PeerId initiator,
      String initiatorSignature,
      List<PeerId> order,
      int position)
      implements PeerMessage {
    public VerifyAndVote {
      Objects.requireNonNull(round, "round");
      Objects.requireNonNull(blockHash, "blockHash");
      Objects.requireNonNull(initiator, "initiator");
      Objects.requireNonNull(initiatorSignature, "initiatorSignature");
      order = List.copyOf(order);
      if (position < 0 || position >= order.size()) {
        throw new IllegalArgumentException("position " + position + " is outside the order");
      }
    }
  }

  /** A cast vote, told to every peer. */
  record Vote(Round round, String blockHash, VotePair vote) implements PeerMessage {
    public Vote {
      Objects.requireNonNull(round, "round");
      Objects.requireNonNull(blockHash, "blockHash");
      Objects.requireNonNull(vote, "vote");
    }
  }

  /** A commit notice with its evidence. */
  record Commit(CommitCertificate certificate) implements PeerMessage {
    public Commit {
      Objects.requireNonNull(certificate, "certificate");
    }
  }

  /** Sent to the next view's proposer when a view timed out; carries the sender's lock, if any. */
  record ViewChange(Round round, Optional<VoteLock> lock) implements PeerMessage {
    public ViewChange {
      Objects.requireNonNull(round, "round");
      Objects.requireNonNull(lock, "lock");
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
