package io.qkdchain.peer.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The vote lock as an append-only {@link RecordLog}, {@code vote-lock.log}: the last intact record
 * is the lock. A peer locks once per round before its first vote, on the round's critical path, so
 * a save is one append and one {@code fdatasync}; replacing a file atomically took two fsyncs, a
 * rename and a directory sync. A torn last record (a crash mid-save) is cut off on open: that save
 * never completed, so its vote was never sent and the record before it is the lock. Past {@link
 * #COMPACT_AT_BYTES} the next save starts a fresh file with that lock alone, by atomic rename.
 */
final class VoteLockLog implements AutoCloseable {

  static final String FILE_NAME = "vote-lock.log";
  static final long COMPACT_AT_BYTES = 16L * 1024 * 1024;

  private final Path dir;
  private final Path file;
  private FileChannel channel;
  private long end;
  private byte[] last;

  private VoteLockLog(Path dir, FileChannel channel, long end, byte[] last) {
    this.dir = dir;
    this.file = dir.resolve(FILE_NAME);
    this.channel = channel;
    this.end = end;
    this.last = last;
  }

  /**
   * Opens (or creates) the log under {@code dir}, cutting off a torn last record.
   *
   * @throws CorruptChainException if a record other than the last is damaged
   */
  static VoteLockLog open(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dir);
      FileChannel channel = openChannel(file);
      try {
        byte[][] last = new byte[1][];
        RecordLog.Scan scan = RecordLog.scan(channel, file, (offset, payload) -> last[0] = payload);
        if (scan.torn()) {
          channel.truncate(scan.intactEnd());
          channel.force(true);
        }
        return new VoteLockLog(dir, channel, scan.intactEnd(), last[0]);
      } catch (RuntimeException e) {
        channel.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
  }

  Path path() {
    return file;
  }

  /** The payload of the last lock saved, if any. */
  Optional<byte[]> last() {
    return Optional.ofNullable(last).map(byte[]::clone);
  }

  /** Appends {@code payload} as the new lock; durable when this returns. */
  void save(byte[] payload) {
    ByteBuffer frame = RecordLog.frame(payload);
    try {
      if (end > 0 && end + frame.remaining() > COMPACT_AT_BYTES) {
        startAfresh(frame);
      } else {
        RecordLog.writeFully(channel, frame, end);
        // Data and the file size, which is all a reader needs: no inode timestamps.
        channel.force(false);
        end += RecordLog.HEADER_BYTES + payload.length;
      }
      last = payload.clone();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private void startAfresh(ByteBuffer frame) throws IOException {
    byte[] bytes = new byte[frame.remaining()];
    frame.get(bytes);
    channel.close();
    new AtomicFile(dir, FILE_NAME).replace(bytes);
    channel = openChannel(file);
    end = bytes.length;
  }

  private static FileChannel openChannel(Path file) throws IOException {
    return FileChannel.open(
        file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + file, e);
    }
  }
}
