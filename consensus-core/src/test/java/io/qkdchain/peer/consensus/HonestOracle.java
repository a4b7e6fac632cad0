package io.qkdchain.peer.consensus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What must hold of the honest peers whatever the liars do, checked as it happens (at every send,
 * every durable write and every append), each violation failing at once and naming the seed:
 *
 * <ul>
 *   <li>validity: every block an honest peer appends was sent in a proposal by the proposer of a
 *       round at its height (so nobody appends a block nobody proposed);
 *   <li>an honest peer echoes only a block its round's proposer sent in that round, and at most one
 *       block per view, and never one justified below its own lock on another block (rule E1); it
 *       accepts and locks at most one block per (height, view);
 *   <li>its lock is persisted before its lock vote leaves, and never moves down at a height;
 *   <li>its view promise only goes up, and it echoes only in the view its disk promised (view 0 of
 *       a height before any promise there), never below a promise and never before persisting it.
 * </ul>
 *
 * It also counts what makes a run able to catch a wrong choice between locks: heights at which
 * honest peers locked on different blocks (in different views).
 *
 * <p>Agreement (one block per height among honest peers) is the {@link ChainLedger}'s.
 */
final class HonestOracle {

  private record VoteSlot(PeerId voter, Round round, PeerMessage.Phase phase) {}

  /** A block as one peer received it in one round, by proposal or relay. */
  private record Delivery(PeerId receiver, Round round, String blockHash) {}

  private final long seed;
  private final Membership membership;
  private final Set<PeerId> liars;
  private final Function<PeerId, Optional<VoteLock>> durableLock;
  private final Function<PeerId, Optional<Round>> durablePromise;
  private final Map<Long, Set<String>> lockedAtHeight = new HashMap<>();
  private final Set<Long> heightsWithConflictingLocks = new HashSet<>();
  private final Map<Round, Set<String>> proposedInRound = new HashMap<>();
  private final Map<Long, Set<String>> proposedAtHeight = new HashMap<>();
  private final Map<VoteSlot, String> votes = new HashMap<>();
  private final Map<Delivery, Set<Integer>> justifications = new HashMap<>();
  private final Map<PeerId, VoteLock> locks = new HashMap<>();
  private final Map<PeerId, Round> promises = new HashMap<>();
  private final List<String> violations = new ArrayList<>();
  private long honestVotesChecked;
  private long honestAppendsChecked;
  private long certificatesNotFromTheirRound;

  /**
   * @param durableLock what a peer's disk holds as its lock right now
   * @param durablePromise what a peer's disk holds as its view promise right now
   */
  HonestOracle(
      long seed,
      Membership membership,
      Set<PeerId> liars,
      Function<PeerId, Optional<VoteLock>> durableLock,
      Function<PeerId, Optional<Round>> durablePromise) {
    this.seed = seed;
    this.membership = membership;
    this.liars = Set.copyOf(liars);
    this.durableLock = durableLock;
    this.durablePromise = durablePromise;
  }

  boolean isHonest(PeerId peer) {
    return !liars.contains(peer);
  }

  /** Every message any copy of any member hands to the network. */
  void sent(AdversarialNetwork.Endpoint from, PeerId to, PeerMessage message) {
    PeerId sender = from.id();
    if (message instanceof PeerMessage.Proposal p
        && p.proposer().equals(sender)
        && membership.proposer(p.round()).equals(sender)) {
      String hash = p.block().hash();
      proposedInRound.computeIfAbsent(p.round(), r -> new HashSet<>()).add(hash);
      proposedAtHeight.computeIfAbsent(p.round().height(), h -> new HashSet<>()).add(hash);
    }
    if (message instanceof PeerMessage.Proposal p) {
      justified(to, p.round(), p.block().hash(), p.justifyView());
      justified(sender, p.round(), p.block().hash(), p.justifyView()); // its own echo
    } else if (message instanceof PeerMessage.Relay r) {
      justified(to, r.round(), r.block().hash(), r.justifyView());
    }
    if (!isHonest(sender) || !(message instanceof PeerMessage.Vote vote)) {
      return;
    }
    honestVotesChecked++;
    String earlier =
        votes.putIfAbsent(new VoteSlot(sender, vote.round(), vote.phase()), vote.blockHash());
    check(
        earlier == null || earlier.equals(vote.blockHash()),
        sender + " sent two different " + vote.phase() + " votes in " + vote.round());
    if (vote.phase() == PeerMessage.Phase.ECHO) {
      // Lemma 1: an echo only in the view the disk promised, so never twice in one view.
      Optional<Round> promise = durablePromise.apply(sender);
      int promisedView =
          promise.filter(p -> p.height() == vote.round().height()).map(Round::view).orElse(0);
      check(
          vote.round().view() == promisedView,
          sender
              + " echoed in "
              + vote.round()
              + " while its disk promised view "
              + promisedView
              + " at that height");
      check(
          proposedInRound.getOrDefault(vote.round(), Set.of()).contains(vote.blockHash()),
          sender + " echoed in " + vote.round() + " a block its proposer never sent");
      // Rule E1: never a block justified below one's own lock on another block.
      Optional<VoteLock> lock = durableLock.apply(sender);
      if (lock.isPresent()
          && lock.get().round().height() == vote.round().height()
          && !lock.get().block().hash().equals(vote.blockHash())) {
        int lockView = lock.get().round().view();
        check(
            justifications
                .getOrDefault(new Delivery(sender, vote.round(), vote.blockHash()), Set.of())
                .stream()
                .anyMatch(view -> view >= lockView),
            sender
                + " echoed in "
                + vote.round()
                + " a block justified below its lock of view "
                + lockView
                + " (rule E1)");
      }
    }
    if (vote.phase() == PeerMessage.Phase.LOCK) {
      Optional<VoteLock> lock = durableLock.apply(sender);
      check(
          lock.isPresent()
              && lock.get().round().height() == vote.round().height()
              && lock.get().round().view() >= vote.round().view()
              && (lock.get().round().view() > vote.round().view()
                  || lock.get().block().hash().equals(vote.blockHash())),
          sender + " sent a lock vote in " + vote.round() + " before persisting that lock");
    }
  }

  private void justified(PeerId receiver, Round round, String blockHash, int justifyView) {
    justifications
        .computeIfAbsent(new Delivery(receiver, round, blockHash), d -> new HashSet<>())
        .add(justifyView);
  }

  void lockSaved(PeerId peer, VoteLock lock) {
    if (!isHonest(peer)) {
      return;
    }
    Set<String> locked =
        lockedAtHeight.computeIfAbsent(lock.round().height(), h -> new HashSet<>());
    locked.add(lock.block().hash());
    if (locked.size() > 1) {
      heightsWithConflictingLocks.add(lock.round().height());
    }
    VoteLock before = locks.put(peer, lock);
    if (before != null) {
      check(
          lock.round().compareTo(before.round()) >= 0,
          peer + " moved its lock down from " + before.round() + " to " + lock.round());
    }
  }

  void viewSaved(PeerId peer, Round view) {
    if (!isHonest(peer)) {
      return;
    }
    Round before = promises.put(peer, view);
    if (before != null) {
      check(
          view.compareTo(before) > 0,
          peer + " promised view " + view + " after promising " + before);
    }
  }

  /** Called by the ledger at every honest append, after its agreement checks. */
  void appended(PeerId peer, CommittedBlock block) {
    honestAppendsChecked++;
    String hash = block.block().hash();
    check(
        proposedAtHeight.getOrDefault(block.index(), Set.of()).contains(hash),
        peer
            + " appended block "
            + block.index()
            + " that no rightful proposer proposed: "
            + block.block().transactions());
    if (!proposedInRound.getOrDefault(block.certificate().round(), Set.of()).contains(hash)) {
      certificatesNotFromTheirRound++;
    }
  }

  List<String> violations() {
    return List.copyOf(violations);
  }

  long honestVotesChecked() {
    return honestVotesChecked;
  }

  /**
   * Heights at which honest peers locked on different blocks (in different views): the only runs in
   * which a proposer's choice between reported locks matters.
   */
  int heightsWithConflictingLocks() {
    return heightsWithConflictingLocks.size();
  }

  long honestAppendsChecked() {
    return honestAppendsChecked;
  }

  /**
   * Appended blocks whose certificate names a round in which its proposer did not propose them: a
   * certificate is information, not proof, so a liar answering catch-up can put a false one on an
   * honest chain (counted, not failed).
   */
  long certificatesNotFromTheirRound() {
    return certificatesNotFromTheirRound;
  }

  private void check(boolean ok, String what) {
    if (!ok) {
      String message = "seed " + seed + ": " + what;
      violations.add(message);
      throw new AssertionError(message);
    }
  }
}
