package io.qkdchain.systemtests;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository and its built applications are, seen from this module's directory. */
record Checkout(Path root) {

  static Checkout find() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("scripts/cluster.sh"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "no scripts/cluster.sh above " + Path.of("").toAbsolutePath());
    }
    return new Checkout(dir);
  }

  Path script(String name) {
    return root.resolve("scripts").resolve(name);
  }

  Path peerJar() {
    return root.resolve("peer-node/target/peer-node-0.1.0-SNAPSHOT.jar");
  }

  Path simulatorJar() {
    return root.resolve("qkd-simulator/target/qkd-simulator-0.1.0-SNAPSHOT.jar");
  }

  boolean applicationsBuilt() {
    return Files.isRegularFile(peerJar()) && Files.isRegularFile(simulatorJar());
  }
}
