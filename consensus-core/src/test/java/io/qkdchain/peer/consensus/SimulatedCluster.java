package io.qkdchain.peer.consensus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * N real {@link ConsensusEngine}s over simulated ports on one virtual clock: seeded, single
 * threaded, reproducible. A crash kills a peer's loop and engine; its stores (the disk) survive and
 * a restart builds a new engine over them.
 */
final class SimulatedCluster {

  /** One peer's durable parts and its current incarnation. */
  static final class Node {
    final PeerId id;
    final MemoryChainStore chain;
    final MemoryStateStore state = new MemoryStateStore();
    final RecordingEvents events = new RecordingEvents();
    SimulatedLoop loop;
    ConsensusEngine engine;
    boolean up;
    int incarnation;

    Node(PeerId id, MemoryChainStore chain) {
      this.id = id;
      this.chain = chain;
    }
  }

  final long seed;
  final VirtualTime time = new VirtualTime();
  final SimulatedNetwork network;
  final SimulatedKme kme;
  final ChainLedger ledger;
  final List<PeerId> peers = new ArrayList<>();
  private final Map<PeerId, Node> nodes = new LinkedHashMap<>();
  private final ConsensusSettings settings;
  private final int quorum;
  private final Random random;

  SimulatedCluster(long seed, int size, ConsensusSettings settings) {
    this(seed, size, Membership.defaultQuorum(size), settings);
  }

  SimulatedCluster(long seed, int size, int quorum, ConsensusSettings settings) {
    this.seed = seed;
    this.settings = settings;
    this.quorum = quorum;
    this.random = new Random(seed);
    for (int i = 1; i <= size; i++) {
      peers.add(PeerId.of("peer-" + i));
    }
    this.network = new SimulatedNetwork(time, random.nextLong());
    this.kme = new SimulatedKme(time, random.nextLong());
    this.ledger = new ChainLedger(seed, new Membership(peers, peers.get(0), quorum));
    for (PeerId peer : peers) {
      nodes.put(peer, new Node(peer, new MemoryChainStore(peer, ledger)));
    }
  }

  /** Small, fast settings: 32-bit lfsr tags keep the MAC cheap; 200 ms virtual view timeout. */
  static ConsensusSettings fastSettings() {
    return ConsensusSettings.defaults()
        .withMac(io.qkdchain.toeplitz.ToeplitzFamily.LFSR, 32)
        .withTimers(java.time.Duration.ofMillis(200), java.time.Duration.ofMillis(500));
  }

  SimulatedCluster startAll() {
    peers.forEach(this::start);
    return this;
  }

  Node node(PeerId peer) {
    return nodes.get(peer);
  }

  Node node(int number) {
    return nodes.get(PeerId.of("peer-" + number));
  }

  Collection<Node> nodes() {
    return nodes.values();
  }

  ConsensusEngine engine(int number) {
    return node(number).engine;
  }

  void crash(PeerId peer) {
    Node node = nodes.get(peer);
    if (!node.up) {
      return;
    }
    node.loop.kill();
    node.up = false;
    network.down(peer);
  }

  void restart(PeerId peer) {
    if (!nodes.get(peer).up) {
      start(peer);
    }
  }

  private void start(PeerId peer) {
    start(peer, java.util.Map.of());
  }

  /**
   * Starts {@code peer} with {@code early} handed to its engine just before {@code start()}: what
   * its server may pass on while the engine has not recovered yet.
   */
  void start(PeerId peer, java.util.Map<PeerId, PeerMessage> early) {
    Node node = nodes.get(peer);
    node.incarnation++;
    node.loop = new SimulatedLoop(time);
    long engineSeed = seed * 31 + peers.indexOf(peer) * 1_000_003L + node.incarnation;
    node.engine =
        new ConsensusEngine(
            settings,
            new Membership(peers, peer, quorum),
            network.transportFor(peer),
            kme.forPeer(peer),
            new SeededVoteOrder(engineSeed),
            node.chain,
            node.state,
            node.loop,
            node.events,
            new Random(engineSeed));
    node.up = true;
    network.up(peer, node.engine, node.chain);
    early.forEach(node.engine::receive);
    node.engine.start();
  }

  /** Submits at a live peer; empty when the peer is down or refuses (nothing acknowledged). */
  Optional<Transaction> submit(PeerId peer, String data) {
    Node node = nodes.get(peer);
    if (!node.up) {
      return Optional.empty();
    }
    try {
      return Optional.of(node.engine.submit(data));
    } catch (TransactionRejectedException e) {
      return Optional.empty();
    }
  }

  boolean runUntil(BooleanSupplier done, long maxMillis) {
    return time.runUntil(done, maxMillis);
  }

  void runFor(long millis) {
    time.runFor(millis);
  }

  /** True when every live peer's chain holds all these transaction ids. */
  boolean committedEverywhere(Collection<String> ids) {
    for (Node node : nodes.values()) {
      if (node.up) {
        for (String id : ids) {
          if (node.chain.blockIndexOf(id).isEmpty()) {
            return false;
          }
        }
      }
    }
    return true;
  }

  long minHeight() {
    return nodes.values().stream().mapToLong(n -> n.chain.height()).min().orElse(0);
  }

  long maxHeight() {
    return nodes.values().stream().mapToLong(n -> n.chain.height()).max().orElse(0);
  }

  /** True when all chains are equal (same length and hashes). */
  boolean chainsIdentical() {
    List<String> first = null;
    for (Node node : nodes.values()) {
      List<String> hashes = node.chain.hashes();
      if (first == null) {
        first = hashes;
      } else if (!first.equals(hashes)) {
        return false;
      }
    }
    return true;
  }

  String describe() {
    StringBuilder out = new StringBuilder("seed " + seed + " at t=" + time.now() + "ms:");
    for (Node node : nodes.values()) {
      out.append("\n  ")
          .append(node.id)
          .append(node.up ? " up" : " DOWN")
          .append(" height=")
          .append(node.chain.height());
      if (node.up) {
        out.append(" ").append(node.engine.snapshot());
      }
    }
    return out.toString();
  }
}
