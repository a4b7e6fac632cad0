package io.qkdchain.peer.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A small file replaced atomically: written to a temporary file, fsync'd, renamed over the old one
 * with an atomic move, and the directory fsync'd. A crash leaves the old content or the new, never
 * a mix.
 */
final class AtomicFile {

  private final Path dir;
  private final Path file;

  AtomicFile(Path dir, String name) {
    this.dir = dir;
    this.file = dir.resolve(name);
  }

  Path path() {
    return file;
  }

  void replace(byte[] content) {
    Path temp = dir.resolve(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(dir);
      try (FileChannel out =
          FileChannel.open(
              temp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        RecordLog.writeFully(out, ByteBuffer.wrap(content), 0);
        out.force(true);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IllegalStateException(
            "the storage directory " + dir + " does not support atomic renames", e);
      }
      syncDirectory(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  Optional<byte[]> read() {
    try {
      return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Makes a rename or a new file's directory entry durable (POSIX needs the directory synced). */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    } catch (IOException e) {
      // Windows cannot open a directory as a channel; there a completed rename is durable already.
      if (!System.getProperty("os.name", "").startsWith("Windows")) {
        throw e;
      }
    }
  }
}
