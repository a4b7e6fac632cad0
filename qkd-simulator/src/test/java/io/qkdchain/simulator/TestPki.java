package io.qkdchain.simulator;

import io.qkdchain.testsupport.pki.CertificateDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The throw-away PKI this module's tests share, in {@code scripts/make-certs.sh}'s layout: one per
 * test JVM in a temporary directory, SAE certificates issued on first use.
 */
final class TestPki {

  private static final CertificateDirectory SHARED = create();

  private TestPki() {}

  static CertificateDirectory shared() {
    return SHARED;
  }

  private static CertificateDirectory create() {
    try {
      Path dir = Files.createTempDirectory("qkd-simulator-pki");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
      return CertificateDirectory.create(dir, List.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      // Best effort: a temporary directory left behind is harmless.
    }
    dir.toFile().delete();
  }
}
