package io.qkdchain.peer.storage;

import io.qkdchain.peer.consensus.PeerMessage;
import io.qkdchain.peer.consensus.Round;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * This peer's accept votes, {@code accepts.log}: one {@link RecordLog} record per accept, {@code
 * height view blockHash} in ASCII, written before the vote leaves but not synced (the write reaches
 * the page cache, so it survives a process crash; losing it to a host crash costs liveness at most,
 * docs/protocol.md "Crash and restart"). Only the records of the highest height matter; the log
 * starts afresh at a new height once it has grown past {@link #COMPACT_AT_BYTES}.
 */
final class AcceptLog implements AutoCloseable {

  static final String FILE_NAME = "accepts.log";
  private static final long COMPACT_AT_BYTES = 64 * 1024;

  private final Path file;
  private final FileChannel channel;
  private final List<PeerMessage.Vote> accepts = new ArrayList<>();
  private long end;

  private AcceptLog(Path file, FileChannel channel, long end, List<PeerMessage.Vote> read) {
    this.file = file;
    this.channel = channel;
    this.end = end;
    this.accepts.addAll(read);
  }

  /** Opens (or creates) the log, cutting off a torn last record. */
  static AcceptLog open(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dir);
      FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      try {
        List<PeerMessage.Vote> read = new ArrayList<>();
        RecordLog.Scan scan =
            RecordLog.scan(
                channel,
                file,
                (offset, payload) -> keepHighest(read, parse(file, offset, payload)));
        if (scan.torn()) {
          channel.truncate(scan.intactEnd());
        }
        return new AcceptLog(file, channel, scan.intactEnd(), read);
      } catch (RuntimeException e) {
        channel.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
  }

  /** Writes an accept (not synced). */
  void save(PeerMessage.Vote accept) {
    byte[] payload =
        (accept.round().height() + " " + accept.round().view() + " " + accept.blockHash())
            .getBytes(StandardCharsets.US_ASCII);
    ByteBuffer frame = RecordLog.frame(payload);
    try {
      boolean newHeight =
          !accepts.isEmpty() && accepts.get(0).round().height() < accept.round().height();
      if (newHeight && end > COMPACT_AT_BYTES) {
        channel.truncate(0);
        end = 0;
      }
      RecordLog.writeFully(channel, frame, end);
      end += frame.limit();
      keepHighest(accepts, accept);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  List<PeerMessage.Vote> accepts() {
    return List.copyOf(accepts);
  }

  private static void keepHighest(List<PeerMessage.Vote> kept, PeerMessage.Vote accept) {
    long height = accept.round().height();
    if (!kept.isEmpty() && kept.get(0).round().height() > height) {
      return;
    }
    kept.removeIf(a -> a.round().height() < height);
    kept.add(accept);
  }

  private static PeerMessage.Vote parse(Path file, long offset, byte[] payload) {
    String[] fields = new String(payload, StandardCharsets.US_ASCII).split(" ");
    if (fields.length != 3) {
      throw new CorruptChainException(file, offset, "a record is not 'height view hash'");
    }
    return new PeerMessage.Vote(
        new Round(Long.parseLong(fields[0]), Integer.parseInt(fields[1])),
        PeerMessage.Phase.ACCEPT,
        fields[2]);
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
