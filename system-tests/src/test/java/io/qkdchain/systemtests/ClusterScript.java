package io.qkdchain.systemtests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs scripts/cluster.sh against one run directory, each call bounded in time. */
final class ClusterScript {

  /** Exit status and combined output of one call. */
  record Run(int exitCode, String output) {}

  // Five JVMs start on what may be a two-core machine: the quick compiler alone starts them
  // sooner, and these tests measure behaviour, not speed.
  private static final String QUICK_START = "-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

  private final Checkout checkout;
  private final Path runDir;
  private final String peerJavaOpts;

  ClusterScript(Checkout checkout, Path runDir) {
    this(checkout, runDir, QUICK_START);
  }

  private ClusterScript(Checkout checkout, Path runDir, String peerJavaOpts) {
    this.checkout = checkout;
    this.runDir = runDir;
    this.peerJavaOpts = peerJavaOpts;
  }

  /** The same run directory with other JVM options for the peers (the simulator's stay). */
  ClusterScript withPeerJavaOpts(String options) {
    return new ClusterScript(checkout, runDir, options);
  }

  Run call(Duration limit, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("bash");
    command.add(checkout.script("cluster.sh").toString());
    command.addAll(List.of(args));
    command.add("--data-dir");
    command.add(runDir.toString());
    Path log = Files.createTempFile("cluster-sh", ".log");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(checkout.root().toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().put("PEER_JAVA_OPTS", peerJavaOpts);
      builder.environment().put("SIM_JAVA_OPTS", QUICK_START);
      Process process = builder.start();
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "cluster.sh " + String.join(" ", args) + " took over " + limit + ":\n" + read(log));
      }
      return new Run(process.exitValue(), read(log));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** Like {@link #call} but a non-zero exit is an error carrying the output. */
  String require(Duration limit, String... args) throws IOException, InterruptedException {
    Run run = call(limit, args);
    if (run.exitCode() != 0) {
      throw new IllegalStateException(
          "cluster.sh "
              + String.join(" ", args)
              + " exited "
              + run.exitCode()
              + ":\n"
              + run.output());
    }
    return run.output();
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }
}
