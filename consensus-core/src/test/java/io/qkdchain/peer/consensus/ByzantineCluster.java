package io.qkdchain.peer.consensus;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Real, unmodified {@link ConsensusEngine}s of which up to {@code f} members lie: twinned members
 * run as two copies sharing identity and keys (each with its own disk, so they equivocate and lose
 * state naturally), scripted liars run a real engine behind a {@link ScriptedLiar} transport that
 * sends what its script says in the member's own name. The {@link HonestOracle} and the {@link
 * ChainLedger} watch the honest peers at every send, durable write and append.
 *
 * <p>Honest peers meet crash faults too, each counted in {@link #faults()}: kill -9 between steps,
 * death at a durable write ({@link CrashPoints}), power loss (what was written without fsync and
 * not yet written back is gone), restarts, links cut both ways or one way, KME failures of {@code
 * enc_keys} and {@code dec_keys}, and skewed clocks.
 */
final class ByzantineCluster {

  /** A crash fault injected into the honest peers (or the KMEs and links they use). */
  enum Fault {
    CRASH,
    CRASH_BEFORE_WRITE,
    CRASH_AFTER_WRITE,
    POWER_LOSS,
    RESTART,
    CUT,
    ONE_WAY_CUT,
    HEAL,
    KME_ISSUE_FAILURE,
    KME_OBTAIN_FAILURE,
    SKEWED_CLOCK
  }

  /** One running copy of a member and its durable parts. */
  static final class Node {
    final AdversarialNetwork.Endpoint endpoint;
    final boolean honest;
    final MemoryChainStore chain;
    final RecordingEvents events = new RecordingEvents();
    MemoryStateStore state = new MemoryStateStore();
    SimulatedLoop loop;
    ConsensusEngine engine;
    ScriptedLiar liar;
    boolean up;
    int incarnation;
    long clockOffsetMillis;
    double clockRate = 1.0;

    Node(AdversarialNetwork.Endpoint endpoint, boolean honest, MemoryChainStore chain) {
      this.endpoint = endpoint;
      this.honest = honest;
      this.chain = chain;
    }

    PeerId id() {
      return endpoint.id();
    }
  }

  /** An acknowledged transaction: {@code submit} returned it, so it must commit everywhere. */
  record Acknowledged(Transaction tx, PeerId entry) {}

  final long seed;
  final int size;
  final VirtualTime time = new VirtualTime();
  final AdversarialNetwork network;
  final SimulatedKme kme;
  final ChainLedger ledger;
  final HonestOracle oracle;
  final ConsensusSettings settings;
  final List<PeerId> peers = new ArrayList<>();
  final Set<PeerId> liars = new HashSet<>();
  final List<Acknowledged> acknowledged = new ArrayList<>();
  final CrashPoints crashPoints;
  private final Map<Fault, Integer> injected = new java.util.EnumMap<>(Fault.class);
  private final Map<AdversarialNetwork.Endpoint, Node> nodes = new LinkedHashMap<>();
  private final Random random;

  /**
   * @param twins members that run as two copies
   * @param scripted members whose transport lies by script
   */
  ByzantineCluster(
      long seed, int size, ConsensusSettings settings, Set<PeerId> twins, Set<PeerId> scripted) {
    this(seed, size, settings, twins, scripted, true);
  }

  /**
   * @param declared false to tell the oracle and the ledger that every member is honest: a check of
   *     the checks, which must then catch the liars
   */
  ByzantineCluster(
      long seed,
      int size,
      ConsensusSettings settings,
      Set<PeerId> twins,
      Set<PeerId> scripted,
      boolean declared) {
    this.seed = seed;
    this.size = size;
    this.settings = settings;
    this.random = new Random(seed);
    for (int i = 1; i <= size; i++) {
      peers.add(PeerId.of("peer-" + i));
    }
    liars.addAll(twins);
    liars.addAll(scripted);
    if (liars.size() > Membership.faultsTolerated(size)) {
      throw new IllegalArgumentException(liars.size() + " liars among " + size + " is beyond f");
    }
    Membership membership = new Membership(peers, peers.get(0), Membership.defaultQuorum(size));
    this.network = new AdversarialNetwork(time, random.nextLong());
    this.kme = new SimulatedKme(time, random.nextLong());
    this.crashPoints = new CrashPoints(random.nextLong());
    this.ledger = new ChainLedger(seed, membership);
    Set<PeerId> known = declared ? liars : Set.of();
    known.forEach(ledger::liar);
    this.oracle =
        new HonestOracle(seed, membership, known, this::durableLock, p -> node(p).state.loadView());
    ledger.checkHonestAppends(oracle::appended);
    network.observe(oracle::sent);
    for (PeerId peer : peers) {
      add(AdversarialNetwork.Endpoint.of(peer));
      if (twins.contains(peer)) {
        network.twin(peer);
        add(new AdversarialNetwork.Endpoint(peer, 1));
      }
    }
    for (PeerId peer : scripted) {
      Node node = node(peer);
      node.liar =
          new ScriptedLiar(
              node.endpoint, membership(peer), settings, network, kme, time, node.chain, seed);
    }
  }

  private void add(AdversarialNetwork.Endpoint endpoint) {
    boolean honest = !liars.contains(endpoint.id());
    Node node = new Node(endpoint, honest, new MemoryChainStore(endpoint.id(), ledger));
    observe(node);
    nodes.put(endpoint, node);
  }

  private void observe(Node node) {
    PeerId id = node.id();
    node.state.observe(
        new MemoryStateStore.Observer() {
          @Override
          public void lockSaved(VoteLock lock) {
            oracle.lockSaved(id, lock);
          }

          @Override
          public void viewSaved(Round view) {
            oracle.viewSaved(id, view);
          }
        });
  }

  private Optional<VoteLock> durableLock(PeerId peer) {
    return node(peer).state.loadLock();
  }

  Membership membership(PeerId self) {
    return new Membership(peers, self, Membership.defaultQuorum(size));
  }

  ByzantineCluster startAll() {
    nodes.values().forEach(this::start);
    return this;
  }

  /** The copy 0 of a member (its only copy unless twinned). */
  Node node(PeerId peer) {
    return nodes.get(AdversarialNetwork.Endpoint.of(peer));
  }

  List<Node> nodes() {
    return List.copyOf(nodes.values());
  }

  List<Node> honest() {
    return nodes.values().stream().filter(n -> n.honest).toList();
  }

  List<PeerId> honestPeers() {
    return peers.stream().filter(oracle::isHonest).toList();
  }

  /** kill -9 between two steps: the loop dies; the disk survives. */
  void crash(Node node) {
    if (node.up) {
      kill(node);
      count(Fault.CRASH);
    }
  }

  private void kill(Node node) {
    node.loop.kill();
    node.up = false;
    network.down(node.endpoint);
  }

  /**
   * The host of an honest peer loses power: the process dies, and what its store wrote without
   * fsync and had not written back is lost.
   */
  void powerLoss(Node node) {
    if (node.up) {
      kill(node);
      node.state.powerLoss();
      count(Fault.POWER_LOSS);
    }
  }

  void restart(Node node) {
    if (!node.up) {
      start(node);
      count(Fault.RESTART);
    }
  }

  /**
   * Honest peers may die at their durable writes, with this chance at each, while fewer than {@code
   * maxDown} honest peers are down.
   */
  void crashAtWrites(double probability, int maxDown) {
    crashPoints.strike(probability, () -> honestDown() < maxDown);
  }

  /** Every host flushes its dirty pages (the kernel's periodic write-back). */
  void writeBack() {
    nodes.values().forEach(n -> n.state.writeBack());
  }

  /**
   * Skews a peer's clock from its next start: reads {@code offset} ahead, timers at {@code rate}.
   */
  void skewClock(Node node, long offsetMillis, double rate) {
    node.clockOffsetMillis = offsetMillis;
    node.clockRate = rate;
    count(Fault.SKEWED_CLOCK);
  }

  void cut(PeerId a, PeerId b) {
    network.cut(a, b);
    count(Fault.CUT);
  }

  void cutOneWay(PeerId from, PeerId to) {
    network.cutOneWay(from, to);
    count(Fault.ONE_WAY_CUT);
  }

  void heal() {
    network.heal();
    count(Fault.HEAL);
  }

  long honestDown() {
    return honest().stream().filter(n -> !n.up).count();
  }

  private void count(Fault fault) {
    injected.merge(fault, 1, Integer::sum);
  }

  /** How many of each fault this run injected so far. */
  Map<Fault, Integer> faults() {
    Map<Fault, Integer> all = new java.util.EnumMap<>(injected);
    all.merge(Fault.KME_ISSUE_FAILURE, (int) kme.failedIssues(), Integer::sum);
    all.merge(Fault.KME_OBTAIN_FAILURE, (int) kme.failedObtains(), Integer::sum);
    all.values().removeIf(v -> v == 0);
    return all;
  }

  /** A twin whose disk lost its lock and view promise (a liar may "forget" anything). */
  void loseState(Node node) {
    crash(node);
    MemoryStateStore fresh = new MemoryStateStore();
    node.state.loadPending().forEach(tx -> fresh.appendPending(List.of(tx)));
    node.state = fresh;
    observe(node);
    start(node);
  }

  private void start(Node node) {
    int incarnation = ++node.incarnation;
    node.loop = new SimulatedLoop(time, node.clockOffsetMillis, node.clockRate);
    ChainStore chain = node.chain;
    ConsensusStateStore state = node.state;
    if (node.honest) {
      CrashPoints.Process process =
          new CrashPoints.Process() {
            @Override
            public boolean alive() {
              return node.up && node.incarnation == incarnation;
            }

            @Override
            public void die(CrashPoints.Where where, String write) {
              kill(node);
              count(
                  where == CrashPoints.Where.BEFORE
                      ? Fault.CRASH_BEFORE_WRITE
                      : Fault.CRASH_AFTER_WRITE);
            }
          };
      chain = crashPoints.chain(node.chain, process);
      state = crashPoints.state(node.state, process);
    }
    long engineSeed =
        seed * 31
            + peers.indexOf(node.id()) * 1_000_003L
            + node.endpoint.copy() * 7_919L
            + node.incarnation;
    Transport transport = network.transportFor(node.endpoint);
    if (node.liar != null) {
      transport = node.liar.wrap(transport);
    }
    node.engine =
        new ConsensusEngine(
            settings,
            membership(node.id()),
            transport,
            kme.forPeer(node.id()),
            new SeededVoteOrder(engineSeed),
            chain,
            state,
            node.loop,
            node.events,
            new Random(engineSeed));
    node.up = true;
    ConsensusEngine engine = node.engine;
    ScriptedLiar liar = node.liar;
    network.up(
        node.endpoint,
        (from, message) -> {
          if (liar != null) {
            liar.received(from, message);
          }
          engine.receive(from, message);
        },
        liar != null ? liar.server() : node.chain::range);
    engine.start();
  }

  /**
   * Submits at a live honest peer, as a client whose request gets a bare {@code 202}; an
   * acknowledged transaction is remembered with its data. A peer that died in the middle of the
   * request (at its pending write) acknowledged nothing; a refusal is remembered with its reason.
   */
  Optional<Transaction> submit(PeerId peer, String data) {
    Node node = node(peer);
    if (!node.honest || !node.up) {
      return Optional.empty();
    }
    int incarnation = node.incarnation;
    try {
      Transaction tx = node.engine.submit(data);
      if (!node.up || node.incarnation != incarnation) {
        return Optional.empty();
      }
      acknowledged.add(new Acknowledged(tx, peer));
      return Optional.of(tx);
    } catch (TransactionRejectedException e) {
      refused.merge(e.reason(), 1, Integer::sum);
      return Optional.empty();
    } catch (RuntimeException e) {
      if (node.up && node.incarnation == incarnation) {
        throw e;
      }
      return Optional.empty();
    }
  }

  /** Submissions a live honest peer refused, by reason. */
  final Map<TransactionRejectedException.Reason, Integer> refused =
      new java.util.EnumMap<>(TransactionRejectedException.Reason.class);

  boolean runUntil(java.util.function.BooleanSupplier done, long maxMillis) {
    return time.runUntil(done, maxMillis);
  }

  void runFor(long millis) {
    time.runFor(millis);
  }

  /** Every acknowledged transaction is in every honest chain, with its exact data. */
  boolean everyAcknowledgedCommitted() {
    for (Node node : honest()) {
      Map<String, String> data = committedData(node);
      for (Acknowledged ack : acknowledged) {
        if (!ack.tx().data().equals(data.get(ack.tx().id()))) {
          return false;
        }
      }
    }
    return true;
  }

  /** What is wrong with the acknowledged transactions on honest chains, for a failure message. */
  List<String> acknowledgedProblems() {
    List<String> problems = new ArrayList<>();
    for (Node node : honest()) {
      Map<String, String> data = committedData(node);
      for (Acknowledged ack : acknowledged) {
        String committed = data.get(ack.tx().id());
        if (committed == null) {
          problems.add(node.id() + " lacks " + ack.tx().id() + " (entry " + ack.entry() + ")");
        } else if (!committed.equals(ack.tx().data())) {
          problems.add(node.id() + " holds " + ack.tx().id() + " with other data: " + committed);
        }
      }
    }
    return problems;
  }

  private static Map<String, String> committedData(Node node) {
    Map<String, String> data = new java.util.HashMap<>();
    for (CommittedBlock block : node.chain.range(0, Integer.MAX_VALUE)) {
      for (Transaction tx : block.block().transactions()) {
        data.put(tx.id(), tx.data());
      }
    }
    return data;
  }

  boolean honestChainsIdentical() {
    List<String> first = null;
    for (Node node : honest()) {
      if (first == null) {
        first = node.chain.hashes();
      } else if (!first.equals(node.chain.hashes())) {
        return false;
      }
    }
    return true;
  }

  long minHonestHeight() {
    return honest().stream().mapToLong(n -> n.chain.height()).min().orElse(0);
  }

  long maxHonestHeight() {
    return honest().stream().mapToLong(n -> n.chain.height()).max().orElse(0);
  }

  /** Misbehaviour any honest peer reported against a member that is honest: must stay empty. */
  List<String> evidenceAgainstHonest() {
    List<String> wrong = new ArrayList<>();
    for (Node node : honest()) {
      for (RecordingEvents.Evidence e : node.events.misbehaviour) {
        if (oracle.isHonest(e.member())) {
          wrong.add(node.id() + " blamed " + e.member() + " for " + e.kind() + ": " + e.detail());
        }
      }
    }
    return wrong;
  }

  /** The kinds of misbehaviour honest peers reported against liars, with counts. */
  Map<Misbehaviour, Integer> evidenceAgainstLiars() {
    Map<Misbehaviour, Integer> kinds = new java.util.EnumMap<>(Misbehaviour.class);
    for (Node node : honest()) {
      for (RecordingEvents.Evidence e : node.events.misbehaviour) {
        if (!oracle.isHonest(e.member())) {
          kinds.merge(e.kind(), 1, Integer::sum);
        }
      }
    }
    return kinds;
  }

  /**
   * The largest vote tally ({@link Ballots#size()}) and future-message buffer any live honest
   * engine holds now; read through reflection, since the engine keeps them to itself.
   */
  int[] memoryHeld() {
    int ballots = 0;
    int held = 0;
    for (Node node : honest()) {
      if (node.up) {
        ChainPosition position = (ChainPosition) field(node.engine, "position");
        FutureMessages future = (FutureMessages) field(node.engine, "future");
        ballots = Math.max(ballots, position.ballots().size());
        held = Math.max(held, future.size());
      }
    }
    return new int[] {ballots, held};
  }

  private static Object field(Object owner, String name) {
    try {
      Field f = owner.getClass().getDeclaredField(name);
      f.setAccessible(true);
      return f.get(owner);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the engine has no field " + name, e);
    }
  }

  private static void tail(StringBuilder out, String label, List<String> events) {
    for (String event : events.subList(Math.max(0, events.size() - 3), events.size())) {
      out.append("\n    ").append(label).append(": ").append(event);
    }
  }

  String describe() {
    StringBuilder out = new StringBuilder("seed " + seed + " at t=" + time.now() + "ms:");
    for (Node node : nodes.values()) {
      out.append("\n  ")
          .append(node.endpoint.id())
          .append(node.endpoint.copy() > 0 ? "'" : "")
          .append(node.honest ? "" : " (liar)")
          .append(node.up ? " up" : " DOWN")
          .append(" height=")
          .append(node.chain.height());
      if (node.up) {
        out.append(" ").append(node.engine.snapshot());
      }
      out.append(" incarnation=").append(node.incarnation);
      node.state
          .loadLock()
          .ifPresent(
              l -> {
                String hash = l.block().hash();
                out.append(" lock=").append(l.round()).append(' ').append(hash, 0, 8);
                if (node.up) {
                  ChainPosition position = (ChainPosition) field(node.engine, "position");
                  if (l.round().height() == position.height()) {
                    out.append(" accepts heard for it: ")
                        .append(
                            position
                                .ballots()
                                .voters(PeerMessage.Phase.ACCEPT, l.round().view(), hash));
                  }
                }
              });
      if (node.honest) {
        tail(out, "rejected", node.events.rejections);
        tail(out, "ignored", node.events.ignored);
      }
    }
    return out.toString();
  }
}
