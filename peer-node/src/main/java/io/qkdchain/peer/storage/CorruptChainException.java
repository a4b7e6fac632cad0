package io.qkdchain.peer.storage;

import java.nio.file.Path;

/**
 * A log file that fails its checksums or its hash links somewhere other than a torn last record.
 * The peer refuses to start on it rather than serve a chain it cannot vouch for.
 */
public final class CorruptChainException extends RuntimeException {

  private final Path file;
  private final long offset;

  public CorruptChainException(Path file, long offset, String problem) {
    super(file + " is corrupt at byte offset " + offset + ": " + problem);
    this.file = file;
    this.offset = offset;
  }

  public Path file() {
    return file;
  }

  public long offset() {
    return offset;
  }
}
