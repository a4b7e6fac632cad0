package io.qkdchain.peer.consensus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A Byzantine member at the transport layer: a real engine runs underneath, and everything it sends
 * passes through a seeded script that changes, drops, duplicates or adds to it, in the member's own
 * name and with its own real round keys (it issues them from its KME like any proposer). It also
 * acts on its own (fabricated commits, far-future messages, replays, relays, floods, silence) and
 * lies when asked for blocks. Covers behaviours 1-12 of docs/byzantine.md as they apply to this
 * protocol; {@link #told()} counts each lie actually sent.
 */
final class ScriptedLiar {

  /** The lies, by the number of docs/byzantine.md's list they belong to. */
  enum Lie {
    /** 1: different, validly signed blocks to disjoint subsets of peers in one round. */
    EQUIVOCATING_PROPOSAL,
    /** 1: two different, validly signed blocks to the same peer: provable equivocation. */
    EQUIVOCATION_TO_ONE_PEER,
    /** 1, 8: another member's proposal forwarded in the liar's own name. */
    RELAYED_PROPOSAL,
    /** 2: the liar's proposal withheld from some peers. */
    WITHHELD_PROPOSAL,
    /** 3: a vote for another block than the engine's, to some peers. */
    DOUBLE_VOTE,
    /** 3: the engine's vote and another one for a different block, to the same peer. */
    DOUBLE_VOTE_TO_ONE_PEER,
    /** 4: echo, accept and lock votes and a lock report for a block nobody proposed. */
    FABRICATED_COMMIT,
    /** 4, 10: catch-up answered with a made-up block at the next height, "certified" by all. */
    FABRICATED_CATCH_UP,
    /** 5: a view change reporting a lock the liar does not hold (made up, hidden, or raised). */
    FALSE_LOCK_REPORT,
    /** 5: as leader, a fresh block proposed where the engine re-proposed a higher lock. */
    IGNORED_HIGHER_LOCK,
    /** 6: votes, view changes and proposals for far-future heights and views. */
    FAR_FUTURE,
    /** 7: everything to some peers dropped for a while. */
    SELECTIVE_SILENCE,
    /** 8: old messages sent again. */
    REPLAY,
    /** 8: a proposal naming the key IDs of an earlier, already-read round key. */
    REPLAYED_KEY,
    /** 9: a proposal whose group-signature entry fails for its receiver (valid for the others). */
    BAD_MAC,
    /** 9: a key notice naming a key issued for another link. */
    FOREIGN_KEY_NOTICE,
    /** 10: catch-up answered with the liar's chain plus made-up blocks beyond its tip. */
    FALSE_TIP,
    /** 10: catch-up answered with real block hashes over altered bodies. */
    WRONG_BODIES,
    /** 4, 10: catch-up answered with the real blocks under certificates naming another round. */
    FORGED_CERTIFICATE,
    /** 10: catch-up answered with nothing. */
    WITHHELD_BLOCKS,
    /** 11: a burst of every message type. */
    FLOOD,
    /** 12: a proposal whose block holds one transaction id twice. */
    INVALID_BLOCK_DUPLICATE_TX,
    /** 12: a proposal whose block names a wrong previous hash. */
    INVALID_BLOCK_WRONG_PREVIOUS,
    /** 12: a proposal whose block's time goes back. */
    INVALID_BLOCK_TIME_BACK
  }

  /** The text of the original attack's transaction. */
  static final String IMPOSTOR = "pay the impostor 1,000,000";

  private record Sent(PeerId to, PeerMessage message) {}

  /** How the liar treats the proposals of one round it leads, chosen at the first one. */
  private record Plan(Lie lie, Set<PeerId> subset, Block alternative) {}

  private final AdversarialNetwork.Endpoint endpoint;
  private final PeerId self;
  private final Membership membership;
  private final ConsensusSettings settings;
  private final AdversarialNetwork network;
  private final RoundKeySource keys;
  private final VirtualTime time;
  private final MemoryChainStore chain;
  private final Random random;
  private final EnumMap<Lie, Integer> told = new EnumMap<>(Lie.class);
  private final ArrayDeque<Sent> history = new ArrayDeque<>();
  private final ArrayDeque<PeerMessage.Proposal> heard = new ArrayDeque<>();
  private final Map<Round, Plan> plans = new HashMap<>();
  private final Map<PeerId, KeyHandle> usedKeys = new HashMap<>();
  private final Set<PeerId> silenced = new HashSet<>();
  private long silentUntil;
  private long fabricated;
  private Set<Lie> allowed = EnumSet.allOf(Lie.class);
  private double catchUpLieRate = 0.7;

  ScriptedLiar(
      AdversarialNetwork.Endpoint endpoint,
      Membership membership,
      ConsensusSettings settings,
      AdversarialNetwork network,
      SimulatedKme kme,
      VirtualTime time,
      MemoryChainStore chain,
      long seed) {
    this.endpoint = endpoint;
    this.self = endpoint.id();
    this.membership = membership;
    this.settings = settings;
    this.network = network;
    this.keys = kme.forPeer(self);
    this.time = time;
    this.chain = chain;
    this.random = new Random(seed * 0x5DEE_CE66L + self.hashCode());
  }

  Map<Lie, Integer> told() {
    return told;
  }

  /** Stops or resumes lying (the engine underneath then speaks for itself). */
  void lying(boolean on) {
    allowed = on ? EnumSet.allOf(Lie.class) : EnumSet.noneOf(Lie.class);
  }

  /** Tells only these lies from now on. */
  void only(Set<Lie> lies) {
    allowed = lies.isEmpty() ? EnumSet.noneOf(Lie.class) : EnumSet.copyOf(lies);
  }

  /** How often a catch-up request is answered with one of the allowed catch-up lies. */
  void catchUpLieRate(double rate) {
    catchUpLieRate = rate;
  }

  private boolean allows(Lie lie) {
    return allowed.contains(lie);
  }

  Transport wrap(Transport inner) {
    return new Transport() {
      @Override
      public CompletionStage<Void> send(PeerId to, PeerMessage message) {
        return intercept(to, message, inner);
      }

      @Override
      public CompletionStage<List<CommittedBlock>> fetchBlocks(
          PeerId from, long fromIndex, int limit) {
        return inner.fetchBlocks(from, fromIndex, limit);
      }
    };
  }

  /** What reached the liar's engine: proposals of others are kept for relaying. */
  void received(PeerId from, PeerMessage message) {
    if (message instanceof PeerMessage.Proposal p) {
      remember(heard, p, 16);
    }
  }

  private void tell(Lie lie) {
    told.merge(lie, 1, Integer::sum);
  }

  private void say(PeerId to, PeerMessage message) {
    remember(history, new Sent(to, message), 256);
    network.send(endpoint, to, message);
  }

  private static <T> void remember(ArrayDeque<T> deque, T item, int max) {
    if (deque.size() >= max) {
      deque.removeFirst();
    }
    deque.addLast(item);
  }

  private CompletionStage<Void> intercept(PeerId to, PeerMessage message, Transport inner) {
    if (allows(Lie.SELECTIVE_SILENCE) && silenced.contains(to) && time.now() < silentUntil) {
      tell(Lie.SELECTIVE_SILENCE);
      return CompletableFuture.completedFuture(null);
    }
    if (!allowed.isEmpty()) {
      if (message instanceof PeerMessage.Proposal p) {
        if (proposal(to, p)) {
          return CompletableFuture.completedFuture(null);
        }
      } else if (message instanceof PeerMessage.Vote v) {
        vote(to, v);
        return CompletableFuture.completedFuture(null);
      } else if (message instanceof PeerMessage.ViewChange vc) {
        say(to, viewChange(vc));
        return CompletableFuture.completedFuture(null);
      } else if (message instanceof PeerMessage.KeyNotice notice
          && allows(Lie.FOREIGN_KEY_NOTICE)
          && random.nextDouble() < 0.1) {
        KeyHandle other = usedKeys.get(membership.others().get(0));
        if (other instanceof KeyHandle.QkdKeyIds ids && !membership.others().get(0).equals(to)) {
          tell(Lie.FOREIGN_KEY_NOTICE);
          say(to, new PeerMessage.KeyNotice(ids, notice.bits()));
        }
      }
    }
    remember(history, new Sent(to, message), 256);
    return inner.send(to, message);
  }

  // ---- proposals (behaviours 1, 2, 5, 8, 9, 12) ----

  /** True when the liar took over this proposal (sent its own, or nothing). */
  private boolean proposal(PeerId to, PeerMessage.Proposal p) {
    Plan plan = plans.computeIfAbsent(p.round(), r -> plan(p));
    if (plans.size() > 64) {
      plans.keySet().removeIf(r -> r.height() < p.round().height());
    }
    if (plan == null) {
      usedKeys.put(to, p.keyHandle());
      return false;
    }
    boolean inSubset = plan.subset().contains(to);
    switch (plan.lie()) {
      case WITHHELD_PROPOSAL -> {
        if (!inSubset) {
          return false;
        }
        tell(Lie.WITHHELD_PROPOSAL);
        return true;
      }
      case BAD_MAC -> {
        if (!inSubset) {
          return false;
        }
        List<String> signature = new ArrayList<>(p.groupSignature());
        int mine = membership.indexOf(to);
        signature.set(mine, flip(signature.get(mine)));
        tell(Lie.BAD_MAC);
        say(to, withSignature(p, p.keyHandle(), signature));
        return true;
      }
      case EQUIVOCATING_PROPOSAL -> {
        if (inSubset && allows(Lie.EQUIVOCATING_PROPOSAL)) {
          tell(Lie.EQUIVOCATING_PROPOSAL);
          signAndSay(to, p.round(), plan.alternative(), p.justifyView(), p.groupSignature(), false);
          return true;
        }
        if (!inSubset && allows(Lie.EQUIVOCATION_TO_ONE_PEER) && random.nextBoolean()) {
          // the engine's block first, then the other one: the receiver can prove it
          say(to, p);
          tell(Lie.EQUIVOCATION_TO_ONE_PEER);
          signAndSay(to, p.round(), plan.alternative(), p.justifyView(), p.groupSignature(), false);
          return true;
        }
        return false;
      }
      case IGNORED_HIGHER_LOCK -> {
        tell(Lie.IGNORED_HIGHER_LOCK);
        signAndSay(
            to,
            p.round(),
            plan.alternative(),
            PeerMessage.Proposal.FRESH,
            p.groupSignature(),
            false);
        return true;
      }
      case REPLAYED_KEY -> {
        KeyHandle old = usedKeys.get(to);
        if (old == null || old.equals(p.keyHandle())) {
          usedKeys.put(to, p.keyHandle());
          return false;
        }
        tell(Lie.REPLAYED_KEY);
        say(to, withSignature(p, old, p.groupSignature()));
        return true;
      }
      case INVALID_BLOCK_DUPLICATE_TX, INVALID_BLOCK_WRONG_PREVIOUS, INVALID_BLOCK_TIME_BACK -> {
        if (!inSubset) {
          return false;
        }
        tell(plan.lie());
        signAndSay(to, p.round(), plan.alternative(), p.justifyView(), p.groupSignature(), false);
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private Plan plan(PeerMessage.Proposal p) {
    Plan plan = anyPlan(p);
    if (plan == null
        || allows(plan.lie())
        || (plan.lie() == Lie.EQUIVOCATING_PROPOSAL && allows(Lie.EQUIVOCATION_TO_ONE_PEER))) {
      return plan;
    }
    return null;
  }

  private Plan anyPlan(PeerMessage.Proposal p) {
    Block block = p.block();
    Set<PeerId> subset = new HashSet<>();
    for (PeerId peer : membership.others()) {
      if (random.nextBoolean()) {
        subset.add(peer);
      }
    }
    if (subset.isEmpty()) {
      subset.add(membership.others().get(random.nextInt(membership.others().size())));
    }
    double r = random.nextDouble();
    if (p.justifyView() != PeerMessage.Proposal.FRESH && r < 0.5) {
      return new Plan(Lie.IGNORED_HIGHER_LOCK, subset, otherBlock(block));
    }
    if (r < 0.10) {
      return new Plan(Lie.WITHHELD_PROPOSAL, subset, null);
    }
    if (r < 0.20) {
      return new Plan(Lie.BAD_MAC, subset, null);
    }
    if (r < 0.38) {
      return new Plan(Lie.EQUIVOCATING_PROPOSAL, subset, otherBlock(block));
    }
    if (r < 0.43) {
      Transaction tx = block.transactions().get(0);
      return new Plan(
          Lie.INVALID_BLOCK_DUPLICATE_TX,
          subset,
          new Block(block.index(), block.previousBlockHash(), block.timestamp(), List.of(tx, tx)));
    }
    if (r < 0.48) {
      return new Plan(
          Lie.INVALID_BLOCK_WRONG_PREVIOUS,
          subset,
          new Block(block.index(), randomHash(), block.timestamp(), block.transactions()));
    }
    if (r < 0.53) {
      long tipTime = chain.get(block.index() - 1).map(b -> b.block().timestamp()).orElse(0L);
      return new Plan(
          Lie.INVALID_BLOCK_TIME_BACK,
          subset,
          new Block(
              block.index(), block.previousBlockHash(), tipTime - 60_000, block.transactions()));
    }
    if (r < 0.60) {
      return new Plan(Lie.REPLAYED_KEY, subset, null);
    }
    return null;
  }

  /** Issues a fresh round key for {@code to} and sends it a correctly MACed proposal. */
  private void signAndSay(
      PeerId to, Round round, Block block, int justifyView, List<String> template, boolean bad) {
    byte[] bytes = ProposalBytes.of(round, self, justifyView, block);
    int bits = GroupSignature.roundKeyBits(settings.family(), settings.tagBits(), bytes);
    keys.issue(to, bits)
        .thenAccept(
            issued -> {
              String entry = ReadyKey.of(settings, issued.keyBytes()).entry(bytes, to);
              List<String> signature = new ArrayList<>(template);
              signature.set(membership.indexOf(to), bad ? flip(entry) : entry);
              usedKeys.put(to, issued.handle());
              say(
                  to,
                  new PeerMessage.Proposal(
                      round,
                      self,
                      block,
                      justifyView,
                      issued.handle(),
                      settings.family().wireName(),
                      settings.tagBits(),
                      signature));
            });
  }

  private PeerMessage.Proposal withSignature(
      PeerMessage.Proposal p, KeyHandle handle, List<String> signature) {
    return new PeerMessage.Proposal(
        p.round(),
        p.proposer(),
        p.block(),
        p.justifyView(),
        handle,
        p.family(),
        p.tagBits(),
        signature);
  }

  // ---- votes and view changes (behaviours 3, 5) ----

  private void vote(PeerId to, PeerMessage.Vote v) {
    double r = random.nextDouble();
    PeerMessage.Vote other = new PeerMessage.Vote(v.round(), v.phase(), otherHash(v));
    if (r < 0.12 && allows(Lie.DOUBLE_VOTE)) {
      tell(Lie.DOUBLE_VOTE);
      say(to, other);
    } else if (r >= 0.12 && r < 0.20 && allows(Lie.DOUBLE_VOTE_TO_ONE_PEER)) {
      say(to, v);
      tell(Lie.DOUBLE_VOTE_TO_ONE_PEER);
      say(to, other);
    } else {
      say(to, v);
    }
  }

  private String otherHash(PeerMessage.Vote v) {
    Plan plan = plans.get(v.round());
    if (plan != null && plan.alternative() != null) {
      String alternative = plan.alternative().hash();
      if (!alternative.equals(v.blockHash())) {
        return alternative;
      }
    }
    return randomHash();
  }

  private PeerMessage.ViewChange viewChange(PeerMessage.ViewChange vc) {
    if (!allows(Lie.FALSE_LOCK_REPORT) || random.nextDouble() >= 0.3) {
      return vc;
    }
    Round round = vc.round();
    Round below = new Round(round.height(), round.view() - 1);
    Optional<VoteLock> lie;
    double r = random.nextDouble();
    if (vc.lock().isPresent() && r < 0.33) {
      lie = Optional.empty();
    } else if (vc.lock().isPresent() && vc.lock().get().round().view() < below.view() && r < 0.66) {
      lie = Optional.of(new VoteLock(below, vc.lock().get().block()));
    } else {
      Optional<Block> previous = chain.get(round.height() - 1).map(CommittedBlock::block);
      if (previous.isEmpty()) {
        return vc;
      }
      lie =
          Optional.of(
              new VoteLock(
                  below,
                  new Block(
                      round.height(),
                      previous.get().hash(),
                      previous.get().timestamp(),
                      List.of(impostorTx()))));
    }
    tell(Lie.FALSE_LOCK_REPORT);
    return new PeerMessage.ViewChange(round, lie);
  }

  // ---- acting on its own (behaviours 4, 6, 7, 8, 11) ----

  /** One scripted step; {@code current} is the round the liar's engine is in. */
  void act(Round current) {
    double r = random.nextDouble();
    if (r < 0.02) {
      if (allows(Lie.FABRICATED_COMMIT)) {
        fabricateCommit(current);
      }
    } else if (r < 0.04) {
      if (allows(Lie.FAR_FUTURE)) {
        farFuture(current);
      }
    } else if (r < 0.07) {
      if (allows(Lie.REPLAY)) {
        replay();
      }
    } else if (r < 0.10) {
      if (allows(Lie.RELAYED_PROPOSAL)) {
        relay();
      }
    } else if (r < 0.11) {
      if (allows(Lie.SELECTIVE_SILENCE)) {
        silence();
      }
    } else if (r < 0.12) {
      if (allows(Lie.FLOOD)) {
        flood(current);
      }
    }
  }

  /**
   * The original attack's votes: echo, accept and lock for a block nobody proposed at the liar's
   * current round, to everyone, and a view change reporting a lock on it.
   */
  void fabricateCommit(Round current) {
    Optional<CommittedBlock> previous = chain.get(current.height() - 1);
    if (previous.isEmpty()) {
      return;
    }
    Block fake =
        new Block(
            current.height(),
            previous.get().block().hash(),
            previous.get().block().timestamp(),
            List.of(impostorTx()));
    String hash = fake.hash();
    tell(Lie.FABRICATED_COMMIT);
    for (PeerId peer : membership.others()) {
      for (PeerMessage.Phase phase : PeerMessage.Phase.values()) {
        say(peer, new PeerMessage.Vote(current, phase, hash));
      }
      say(
          peer,
          new PeerMessage.ViewChange(current.nextView(), Optional.of(new VoteLock(current, fake))));
    }
  }

  private void farFuture(Round current) {
    tell(Lie.FAR_FUTURE);
    PeerId peer = randomOther();
    say(
        peer,
        new PeerMessage.Vote(
            new Round(current.height() + 1_000, 0), PeerMessage.Phase.LOCK, randomHash()));
    say(
        peer,
        new PeerMessage.Vote(
            new Round(current.height(), current.view() + 1_000_000),
            PeerMessage.Phase.ECHO,
            randomHash()));
    say(peer, new PeerMessage.ViewChange(new Round(current.height(), 1_000_000), Optional.empty()));
    say(peer, new PeerMessage.ViewChange(new Round(current.height() + 3, 7), Optional.empty()));
  }

  private void replay() {
    if (history.isEmpty()) {
      return;
    }
    List<Sent> old = new ArrayList<>(history);
    int n = 1 + random.nextInt(5);
    for (int i = 0; i < n; i++) {
      Sent sent = old.get(random.nextInt(old.size()));
      PeerId to = random.nextBoolean() ? sent.to() : randomOther();
      tell(Lie.REPLAY);
      say(to, sent.message());
    }
  }

  private void relay() {
    if (heard.isEmpty()) {
      return;
    }
    List<PeerMessage.Proposal> proposals = new ArrayList<>(heard);
    PeerMessage.Proposal p = proposals.get(random.nextInt(proposals.size()));
    for (PeerId peer : membership.others()) {
      if (!peer.equals(p.proposer())) {
        tell(Lie.RELAYED_PROPOSAL);
        say(peer, p);
      }
    }
  }

  /** Drops everything its engine sends to anyone until {@code untilMillis} (virtual). */
  void silenceAll(long untilMillis) {
    silenced.addAll(membership.others());
    silentUntil = untilMillis;
  }

  /**
   * Junk every honest peer holds until it leaves the height: {@code count} view changes per peer
   * for views far above {@code current}, at its height.
   */
  void floodFutureViews(Round current, int count) {
    tell(Lie.FLOOD);
    for (PeerId peer : membership.others()) {
      for (int i = 0; i < count; i++) {
        say(
            peer,
            new PeerMessage.ViewChange(
                new Round(current.height(), 1_000_000 + i), Optional.empty()));
      }
    }
  }

  private void silence() {
    silenced.clear();
    List<PeerId> others = new ArrayList<>(membership.others());
    int n = 1 + random.nextInt(Math.max(1, others.size() - 1));
    for (int i = 0; i < n; i++) {
      silenced.add(others.get(random.nextInt(others.size())));
    }
    silentUntil = time.now() + 200 + random.nextInt(1_800);
  }

  /** A burst of every message type to every peer, in the liar's own name. */
  void flood(Round current) {
    tell(Lie.FLOOD);
    int bits = KeyPrefetch.fixedKeyBits(settings);
    for (PeerId peer : membership.others()) {
      for (int i = 0; i < 40; i++) {
        PeerMessage.Phase phase = PeerMessage.Phase.values()[i % 3];
        int view = Math.max(0, current.view() - 20 + random.nextInt(80));
        say(peer, new PeerMessage.Vote(new Round(current.height(), view), phase, randomHash()));
        say(
            peer,
            new PeerMessage.Vote(
                new Round(current.height() + 1 + random.nextInt(3), random.nextInt(50)),
                phase,
                randomHash()));
        say(
            peer,
            new PeerMessage.ViewChange(
                new Round(current.height(), current.view() + 1 + random.nextInt(100)),
                Optional.empty()));
        say(
            peer,
            new PeerMessage.KeyNotice(
                new KeyHandle.QkdKeyIds(List.of("forged-" + random.nextInt(1_000_000))), bits));
      }
      for (PeerMessage.Proposal p : heard) {
        say(peer, p);
      }
      say(
          peer,
          new PeerMessage.TxGossip(
              List.of(new Transaction("flood-" + fabricated++, "flood from " + self))));
    }
  }

  // ---- catch-up (behaviours 4, 10) ----

  AdversarialNetwork.BlockServer server() {
    return (fromIndex, limit) -> {
      List<CommittedBlock> truth = chain.range(fromIndex, limit);
      Optional<CommittedBlock> previous = chain.get(fromIndex - 1);
      if (random.nextDouble() >= catchUpLieRate) {
        return truth;
      }
      List<Lie> options = new ArrayList<>();
      if (allows(Lie.FABRICATED_CATCH_UP) && previous.isPresent()) {
        options.add(Lie.FABRICATED_CATCH_UP);
      }
      for (Lie lie :
          List.of(Lie.FALSE_TIP, Lie.WRONG_BODIES, Lie.FORGED_CERTIFICATE, Lie.WITHHELD_BLOCKS)) {
        if (allows(lie) && !truth.isEmpty()) {
          options.add(lie);
        }
      }
      if (options.isEmpty()) {
        return truth;
      }
      Lie lie = options.get(random.nextInt(options.size()));
      tell(lie);
      switch (lie) {
        case FABRICATED_CATCH_UP -> {
          return List.of(fake(previous.get()));
        }
        case FALSE_TIP -> {
          List<CommittedBlock> longer = new ArrayList<>(truth);
          for (int i = 0; i < 3; i++) {
            longer.add(fake(longer.get(longer.size() - 1)));
          }
          return longer;
        }
        case WRONG_BODIES -> {
          return truth.stream().map(ScriptedLiar::alteredBody).toList();
        }
        case FORGED_CERTIFICATE -> {
          return truth.stream().map(this::forgedCertificate).toList();
        }
        default -> {
          return List.of();
        }
      }
    };
  }

  /** The real block under a certificate naming a view nobody voted in, and every member. */
  private CommittedBlock forgedCertificate(CommittedBlock b) {
    return new CommittedBlock(
        b.block(),
        new CommitCertificate(
            new Round(b.index(), 999), b.certificate().blockHash(), membership.members()));
  }

  /** The same certificate (and so the same attested hash) over other transactions. */
  private static CommittedBlock alteredBody(CommittedBlock b) {
    Transaction first = b.block().transactions().get(0);
    return new CommittedBlock(
        new Block(
            b.index(),
            b.block().previousBlockHash(),
            b.block().timestamp(),
            List.of(new Transaction(first.id(), IMPOSTOR))),
        b.certificate());
  }

  /** The original attack's block: made up, linked to {@code previous}, "certified" by all. */
  private CommittedBlock fake(CommittedBlock previous) {
    long index = previous.index() + 1;
    Block block =
        new Block(
            index, previous.block().hash(), previous.block().timestamp(), List.of(impostorTx()));
    return new CommittedBlock(
        block, new CommitCertificate(new Round(index, 0), block.hash(), membership.members()));
  }

  // ---- helpers ----

  /** A block the liar really proposes (to some), so honest peers may legitimately commit it. */
  private Block otherBlock(Block like) {
    Transaction tx =
        new Transaction("other-" + self + "-" + fabricated++, "equivocation by " + self);
    return new Block(like.index(), like.previousBlockHash(), like.timestamp(), List.of(tx));
  }

  private Transaction impostorTx() {
    return new Transaction("impostor-" + self + "-" + fabricated++, IMPOSTOR);
  }

  private PeerId randomOther() {
    List<PeerId> others = membership.others();
    return others.get(random.nextInt(others.size()));
  }

  private String randomHash() {
    StringBuilder hex = new StringBuilder(64);
    for (int i = 0; i < 64; i++) {
      hex.append(Character.forDigit(random.nextInt(16), 16));
    }
    return hex.toString();
  }

  private static String flip(String hexEntry) {
    char c = hexEntry.charAt(0);
    char flipped = c == '0' ? '1' : '0';
    return flipped + hexEntry.substring(1);
  }
}
