package io.qkdchain.systemtests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * docker-compose.yml of the checkout driven through the command a user types: Compose v2 ({@code
 * docker compose}) where it is installed, else the standalone {@code docker-compose} (Debian's
 * 1.29), or the command in {@code QKDCHAIN_COMPOSE}. Every call is bounded in time.
 */
final class Compose {

  /** Exit status and combined output of one command. */
  record Run(int exitCode, String output) {}

  private final Checkout checkout;
  private final List<String> command;
  private final String project;
  private final Map<String, String> environment;

  private Compose(
      Checkout checkout, List<String> command, String project, Map<String, String> environment) {
    this.checkout = checkout;
    this.command = command;
    this.project = project;
    this.environment = environment;
  }

  /**
   * The compose command of this machine for {@code project}, with {@code environment} for the
   * file's variables; empty when neither Compose v2 nor docker-compose answers.
   */
  static Optional<Compose> find(
      Checkout checkout, String project, Map<String, String> environment) {
    String chosen = System.getenv("QKDCHAIN_COMPOSE");
    List<List<String>> candidates =
        chosen != null && !chosen.isBlank()
            ? List.of(List.of(chosen.trim().split("\\s+")))
            : List.of(List.of("docker", "compose"), List.of("docker-compose"));
    for (List<String> candidate : candidates) {
      List<String> version = new ArrayList<>(candidate);
      version.add("version");
      Run run = exec(checkout.root(), version, Map.of(), Duration.ofSeconds(30));
      if (run.exitCode() == 0) {
        return Optional.of(new Compose(checkout, candidate, project, environment));
      }
    }
    return Optional.empty();
  }

  /** {@code docker info}: why the engine does not answer, or empty when it does. */
  static Optional<String> engineProblem() {
    Run run = exec(Path.of("."), List.of("docker", "info"), Map.of(), Duration.ofSeconds(30));
    return run.exitCode() == 0
        ? Optional.empty()
        : Optional.of("`docker info` exited " + run.exitCode() + ": " + run.output().strip());
  }

  String describe() {
    return String.join(" ", command);
  }

  /** One compose subcommand of this project; fails with the output unless it exits 0. */
  String require(Duration limit, String... args) {
    Run run = call(limit, args);
    if (run.exitCode() != 0) {
      throw new IllegalStateException(
          describe()
              + " "
              + String.join(" ", args)
              + " exited "
              + run.exitCode()
              + ":\n"
              + run.output());
    }
    return run.output();
  }

  Run call(Duration limit, String... args) {
    List<String> full = new ArrayList<>(command);
    full.addAll(
        List.of("-p", project, "-f", checkout.root().resolve("docker-compose.yml").toString()));
    full.addAll(List.of(args));
    return exec(checkout.root(), full, environment, limit);
  }

  /** A plain {@code docker} command (inspect, kill, ls); fails unless it exits 0. */
  static String docker(Duration limit, String... args) {
    List<String> full = new ArrayList<>();
    full.add("docker");
    full.addAll(List.of(args));
    Run run = exec(Path.of("."), full, Map.of(), limit);
    if (run.exitCode() != 0) {
      throw new IllegalStateException(
          String.join(" ", full) + " exited " + run.exitCode() + ":\n" + run.output());
    }
    return run.output().strip();
  }

  static Run exec(Path dir, List<String> command, Map<String, String> env, Duration limit) {
    Path log = null;
    try {
      log = Files.createTempFile("compose", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      // docker-compose 1.29 builds with the legacy builder unless told to hand the build to the
      // docker CLI with BuildKit; the Dockerfile's cache mount needs BuildKit. Compose v2 always
      // uses it.
      builder.environment().put("DOCKER_BUILDKIT", "1");
      builder.environment().put("COMPOSE_DOCKER_CLI_BUILD", "1");
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new IllegalStateException(
            String.join(" ", command) + " took over " + limit + ":\n" + read(log));
      }
      return new Run(process.exitValue(), read(log));
    } catch (IOException e) {
      return new Run(127, String.join(" ", command) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
    } finally {
      if (log != null) {
        try {
          Files.deleteIfExists(log);
        } catch (IOException ignored) {
          // a temporary file; the OS cleans up
        }
      }
    }
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }
}
