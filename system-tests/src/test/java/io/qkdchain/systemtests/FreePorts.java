package io.qkdchain.systemtests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports on 127.0.0.1 that are free right now (a race with other processes is possible). */
final class FreePorts {

  private FreePorts() {}

  static int any() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port on 127.0.0.1", e);
    }
  }

  /** A base port B such that B+1 ... B+count are all free, as scripts/cluster.sh needs. */
  static int baseOfRun(int count) {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = any();
      if (base + count > 65535) {
        continue;
      }
      boolean allFree = true;
      for (int port = base + 1; port <= base + count && allFree; port++) {
        allFree = free(port);
      }
      if (allFree) {
        return base;
      }
    }
    throw new IllegalStateException("no run of " + count + " free ports on 127.0.0.1");
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
