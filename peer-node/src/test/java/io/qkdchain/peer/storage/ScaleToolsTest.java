package io.qkdchain.peer.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale benchmark's single-file programs ({@code benchmarks/scale/SeedChain.java} and {@code
 * MeasureStore.java}, run by {@code scripts/scale-bench.sh} against the peer's classes) compile
 * against the peer as it is now and work: a protocol change once left them naming a class that no
 * longer existed, and only the next benchmark run found out.
 */
class ScaleToolsTest {

  private static final Path SCALE = Path.of("..", "benchmarks", "scale");

  @Test
  void the_seeder_writes_a_chain_the_peer_store_opens_and_the_measurer_reads(@TempDir Path tmp)
      throws Exception {
    Path classes = tmp.resolve("classes");
    Files.createDirectories(classes);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int status =
        javac.run(
            null,
            null,
            errors,
            "-d",
            classes.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            SCALE.resolve("SeedChain.java").toString(),
            SCALE.resolve("MeasureStore.java").toString());
    assertThat(status).as("javac: %s", errors.toString(StandardCharsets.UTF_8)).isZero();

    Path data = tmp.resolve("data");
    String seeded = run(classes, "SeedChain", "--dir", data.toString(), "--transactions", "1000");
    assertThat(seeded).contains("done: 1,000 transactions in 4 blocks");
    try (FileChainStore store = FileChainStore.open(data)) {
      assertThat(store.height()).isEqualTo(5);
      assertThat(store.tip().certificate().lockedBy()).hasSize(3);
    }

    String measured = run(classes, "MeasureStore", "--dir", data.toString());
    assertThat(measured)
        .contains("\"committedLookupsFound\":1000.0")
        .contains("\"unknownLookupsFound\":0.0")
        .contains("\"fullVerifyValid\":true");
  }

  /** Runs a compiled program's main in this JVM and returns what it printed. */
  private static String run(Path classes, String program, String... args) throws Exception {
    PrintStream out = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()}, ScaleToolsTest.class.getClassLoader())) {
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      loader
          .loadClass(program)
          .getMethod("main", String[].class)
          .invoke(null, (Object) List.of(args).toArray(String[]::new));
    } finally {
      System.setOut(out);
    }
    return printed.toString(StandardCharsets.UTF_8);
  }
}
