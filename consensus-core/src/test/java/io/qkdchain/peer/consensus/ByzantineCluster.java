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
 */
final class ByzantineCluster {

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
    this.ledger = new ChainLedger(seed, membership);
    Set<PeerId> known = declared ? liars : Set.of();
    known.forEach(ledger::liar);
    this.oracle = new HonestOracle(seed, membership, known, this::durableLock);
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

  /** kill -9: the loop dies with whatever it was doing; the disk survives. */
  void crash(Node node) {
    if (!node.up) {
      return;
    }
    node.loop.kill();
    node.up = false;
    network.down(node.endpoint);
  }

  void restart(Node node) {
    if (!node.up) {
      start(node);
    }
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
    node.incarnation++;
    node.loop = new SimulatedLoop(time);
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
            node.chain,
            node.state,
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

  /** Submits at a live honest peer; an acknowledged transaction is remembered with its data. */
  Optional<Transaction> submit(PeerId peer, String data) {
    Node node = node(peer);
    if (!node.honest || !node.up) {
      return Optional.empty();
    }
    try {
      Transaction tx = node.engine.submit(data);
      acknowledged.add(new Acknowledged(tx, peer));
      return Optional.of(tx);
    } catch (TransactionRejectedException e) {
      return Optional.empty();
    }
  }

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
