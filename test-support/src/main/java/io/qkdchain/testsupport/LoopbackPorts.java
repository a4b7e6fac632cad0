package io.qkdchain.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports on 127.0.0.1 for test servers, chosen below the kernel's ephemeral port range.
 *
 * <p>A port the kernel picks ({@code new ServerSocket(0)}) lies inside the ephemeral range, and so
 * can be taken as the local port of some outgoing connection the moment its server stops, or even
 * by a connection to itself: a client that keeps dialling a stopped peer's port can be handed that
 * very port and connect to itself. A test that restarts a server on its old port then fails with
 * "address already in use". Ports below the range are never handed out that way, so a restarted
 * server gets its port back. A race with another process binding the same port is still possible;
 * the chance is small (ports are drawn at random from some 10,000) and a port is never handed out
 * twice in one JVM.
 *
 * <p>On a machine shared with servers that start and stop on known ports (other clusters), the
 * environment variable {@value #RANGE_VARIABLE} ({@code LOW-HIGH}, below the ephemeral range)
 * confines the draw to ports none of them uses, so a test never holds one of theirs while they are
 * down. Forked test JVMs and the scripts they run inherit it.
 */
public final class LoopbackPorts {

  /** The lowest port drawn: above the well-known and most registered service ports. */
  static final int LOWEST = 10_000;

  /** Linux's default lower bound; macOS and Windows start theirs at 49152. */
  private static final int DEFAULT_EPHEMERAL_LOW = 32_768;

  /** {@code LOW-HIGH}: the ports to draw from, both included; unset, all below the range. */
  public static final String RANGE_VARIABLE = "QKDCHAIN_TEST_PORTS";

  private static final Path LINUX_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private LoopbackPorts() {}

  /** One free port. */
  public static int free() {
    return baseOfRun(0);
  }

  /** A port B such that B, B+1 ... B+count are all free, as {@code scripts/cluster.sh} needs. */
  public static int baseOfRun(int count) {
    int[] bases = bases(System.getenv(RANGE_VARIABLE), count);
    int low = bases[0];
    int high = bases[1];
    for (int attempt = 0; attempt < 200; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(low, high);
      if (allFree(base, count) && claim(base, count)) {
        return base;
      }
    }
    throw new IllegalStateException(
        "no run of " + (count + 1) + " free ports on 127.0.0.1 between " + LOWEST + " and " + high);
  }

  /**
   * The bases a run of {@code count + 1} ports may start at, {@code [low, high)}: within {@code
   * setting} ({@value #RANGE_VARIABLE}'s {@code LOW-HIGH}) when given, else from {@link #LOWEST} to
   * below the ephemeral range.
   */
  static int[] bases(String setting, int count) {
    if (setting == null || setting.isBlank()) {
      return new int[] {LOWEST, ephemeralLow() - 1 - count};
    }
    String[] bounds = setting.strip().split("-", -1);
    int low;
    int high;
    try {
      if (bounds.length != 2) {
        throw new NumberFormatException(setting);
      }
      low = Integer.parseInt(bounds[0].strip());
      high = Integer.parseInt(bounds[1].strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          RANGE_VARIABLE + " must be LOW-HIGH (e.g. 30000-32000), got '" + setting + "'", e);
    }
    if (low < 1_024 || high >= ephemeralLow() || high - count < low) {
      throw new IllegalArgumentException(
          RANGE_VARIABLE
              + "="
              + setting
              + ": needs 1024 <= LOW, room for "
              + (count + 1)
              + " ports, and HIGH below the ephemeral range (from "
              + ephemeralLow()
              + ")");
    }
    return new int[] {low, high - count + 1};
  }

  /**
   * The first port of the ephemeral range, read from Linux's proc file where there is one. By
   * lines: a proc file reports size 0, and JDK 17's {@code Files.readString} of it returns only its
   * first byte ("3" of "32768 60999").
   */
  static int ephemeralLow() {
    try {
      String[] range = Files.readAllLines(LINUX_RANGE).get(0).trim().split("\\s+");
      return Math.max(LOWEST + 1_000, Integer.parseInt(range[0]));
    } catch (IOException | RuntimeException e) {
      return DEFAULT_EPHEMERAL_LOW;
    }
  }

  static boolean allFree(int base, int count) {
    for (int port = base; port <= base + count; port++) {
      if (HANDED_OUT.contains(port) || !bindable(port)) {
        return false;
      }
    }
    return true;
  }

  private static synchronized boolean claim(int base, int count) {
    for (int port = base; port <= base + count; port++) {
      if (HANDED_OUT.contains(port)) {
        return false;
      }
    }
    for (int port = base; port <= base + count; port++) {
      HANDED_OUT.add(port);
    }
    return true;
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
