package io.qkdchain.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hosts on this machine: one network namespace per name, each with its own address on a bridge that
 * links them and this host, which has the bridge's first address. Addresses come from
 * 198.19.0.0/16, half of the benchmarking range 198.18.0.0/15 (RFC 2544; the other half is left to
 * dockerd in CI), so none can be mistaken for a real network's. {@link #close} deletes every
 * namespace, veth pair, the bridge and the one firewall rule this made. Needs root and {@code ip}.
 */
final class NetworkNamespaces implements AutoCloseable {

  private static final Duration STEP = Duration.ofSeconds(20);
  private static final Path BRIDGE_NETFILTER =
      Path.of("/proc/sys/net/bridge/bridge-nf-call-iptables");

  private final String prefix;
  private final String bridge;
  private final String subnet;
  private final Map<String, String> addresses = new LinkedHashMap<>();
  private final List<String> namespaces = new ArrayList<>();
  private boolean bridgeMade;
  private boolean forwardRuleMade;

  /** Why this machine cannot make namespaces (not root, no {@code ip}), or empty when it can. */
  static Optional<String> unavailable() {
    Compose.Run id = run(List.of("id", "-u"));
    if (id.exitCode() != 0 || !id.output().strip().equals("0")) {
      return Optional.of("network namespaces need root");
    }
    if (run(List.of("ip", "netns", "list")).exitCode() != 0) {
      return Optional.of("`ip netns` does not work here");
    }
    return Optional.empty();
  }

  /** Makes the bridge and a namespace for each of {@code names} (e.g. sim, peer-1 ...). */
  NetworkNamespaces(List<String> names) {
    this.prefix = "qkd" + Integer.toHexString(0x1000 + ThreadLocalRandom.current().nextInt(0xefff));
    this.bridge = prefix + "br";
    this.subnet = freeSubnet();
    try {
      require("ip", "link", "add", bridge, "type", "bridge");
      bridgeMade = true;
      require("ip", "addr", "add", hostAddress() + "/24", "dev", bridge);
      require("ip", "link", "set", bridge, "up");
      allowForwardingOnTheBridge();
      for (int i = 0; i < names.size(); i++) {
        String namespace = prefix + "-" + names.get(i);
        String address = subnet + "." + (10 + i);
        String outside = prefix + "h" + i;
        String inside = prefix + "n" + i;
        require("ip", "netns", "add", namespace);
        namespaces.add(namespace);
        require("ip", "link", "add", outside, "type", "veth", "peer", "name", inside);
        require("ip", "link", "set", outside, "master", bridge, "up");
        require("ip", "link", "set", inside, "netns", namespace);
        require("ip", "-n", namespace, "addr", "add", address + "/24", "dev", inside);
        require("ip", "-n", namespace, "link", "set", inside, "up");
        // The namespace's own loopback, which no other namespace can reach.
        require("ip", "-n", namespace, "link", "set", "lo", "up");
        addresses.put(names.get(i), address);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** What scripts/cluster.sh --netns takes: the namespaces are PREFIX-name. */
  String prefix() {
    return prefix;
  }

  String namespace(String name) {
    return prefix + "-" + name;
  }

  String address(String name) {
    return addresses.get(name);
  }

  String hostAddress() {
    return subnet + ".1";
  }

  /** {@code command} run inside the namespace of {@code name}, bounded in time. */
  Compose.Run exec(String name, String... command) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace(name)));
    full.addAll(List.of(command));
    return run(full);
  }

  /** The namespace a process is in, as {@code ip netns identify} names it. */
  String namespaceOf(long pid) {
    return require("ip", "netns", "identify", Long.toString(pid)).strip();
  }

  /** Namespaces and links whose names start with this prefix that still exist. */
  List<String> leftovers() {
    List<String> left = new ArrayList<>();
    run(List.of("ip", "netns", "list"))
        .output()
        .lines()
        .filter(line -> line.startsWith(prefix + "-"))
        .forEach(left::add);
    run(List.of("ip", "-o", "link", "show"))
        .output()
        .lines()
        .map(line -> line.split(":\\s+")[1].split("@")[0])
        .filter(name -> name.startsWith(prefix))
        .forEach(left::add);
    return left;
  }

  @Override
  public void close() {
    // Deleting a namespace deletes its end of the veth pair, and with it the other end.
    for (String namespace : namespaces) {
      run(List.of("ip", "netns", "del", namespace));
    }
    namespaces.clear();
    if (bridgeMade) {
      run(List.of("ip", "link", "del", bridge));
      bridgeMade = false;
    }
    if (forwardRuleMade) {
      run(List.of("iptables", "-D", "FORWARD", "-i", bridge, "-o", bridge, "-j", "ACCEPT"));
      forwardRuleMade = false;
    }
  }

  /**
   * Where bridged traffic goes through iptables (br_netfilter, which dockerd loads) and the FORWARD
   * policy drops it (dockerd sets DROP), the namespaces could not reach each other: accept what
   * stays on this bridge, and nothing else.
   */
  private void allowForwardingOnTheBridge() {
    try {
      if (!Files.isReadable(BRIDGE_NETFILTER)
          || !Files.readString(BRIDGE_NETFILTER).strip().equals("1")) {
        return;
      }
    } catch (IOException e) {
      return;
    }
    require("iptables", "-I", "FORWARD", "1", "-i", bridge, "-o", bridge, "-j", "ACCEPT");
    forwardRuleMade = true;
  }

  /** A /24 of 198.19.0.0/16 that no interface of this host is on. */
  private static String freeSubnet() {
    String taken = run(List.of("ip", "-4", "-o", "addr", "show")).output();
    for (int attempt = 0; attempt < 100; attempt++) {
      String candidate = "198.19." + ThreadLocalRandom.current().nextInt(1, 255);
      if (!taken.contains(" " + candidate + ".")) {
        return candidate;
      }
    }
    throw new IllegalStateException("no free /24 in 198.19.0.0/16:\n" + taken);
  }

  private static String require(String... command) {
    Compose.Run run = run(List.of(command));
    if (run.exitCode() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " exited " + run.exitCode() + ": " + run.output());
    }
    return run.output();
  }

  private static Compose.Run run(List<String> command) {
    return Compose.exec(Path.of("."), command, Map.of(), STEP);
  }
}
