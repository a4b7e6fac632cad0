package io.qkdchain.peer.storage;

import io.qkdchain.peer.consensus.Transaction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Transactions this peer acknowledged and has not seen committed, {@code pending.log}: one {@link
 * RecordLog} record per transaction, payload {@code {"id", "data"}}.
 *
 * <p>Appends use group commit: concurrent callers queue their records, and whichever finds no write
 * in progress becomes the leader, writes everything queued and fsyncs once for all of them; the
 * others wait for that fsync. So a burst of client requests costs a few fsyncs, not one each.
 * Forgotten (committed) records are dropped by rewriting the file once they outnumber the live
 * ones.
 */
final class PendingLog implements AutoCloseable {

  static final String FILE_NAME = "pending.log";
  private static final Logger log = LoggerFactory.getLogger(PendingLog.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int COMPACT_AT_LEAST = 1024;

  private final Path dir;
  private final Path file;
  private final Object monitor = new Object();
  private FileChannel channel;
  private long end;

  // Guarded by monitor.
  private final Map<String, Long> live = new LinkedHashMap<>();
  private long dead;
  private List<Append> queue = new ArrayList<>();
  private boolean writing;
  private long fsyncs;

  private PendingLog(Path dir, FileChannel channel, long end) {
    this.dir = dir;
    this.file = dir.resolve(FILE_NAME);
    this.channel = channel;
    this.end = end;
  }

  static PendingLog open(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dir);
      FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      Map<String, Long> offsets = new LinkedHashMap<>();
      long[] duplicates = {0};
      RecordLog.Scan scan =
          RecordLog.scan(
              channel,
              file,
              (offset, payload) -> {
                String id = decode(payload, file, offset).id();
                if (offsets.put(id, offset) != null) {
                  duplicates[0]++;
                }
              });
      if (scan.torn()) {
        log.warn("{}: truncating {} at byte {}", file, scan.tear(), scan.intactEnd());
        channel.truncate(scan.intactEnd());
        channel.force(true);
      }
      PendingLog pending = new PendingLog(dir, channel, scan.intactEnd());
      pending.live.putAll(offsets);
      pending.dead = duplicates[0];
      return pending;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the pending log " + file, e);
    }
  }

  /** Appends and fsyncs; returns once the records are durable (possibly by another's fsync). */
  void append(List<Transaction> transactions) {
    if (transactions.isEmpty()) {
      return;
    }
    Append mine = new Append(transactions);
    List<Append> batch;
    synchronized (monitor) {
      queue.add(mine);
      while (writing && !mine.done) {
        awaitTurn();
      }
      if (mine.done) {
        mine.rethrow();
        return;
      }
      writing = true;
      batch = queue;
      queue = new ArrayList<>();
    }
    IOException failure = null;
    long at = end;
    List<Long> offsets = new ArrayList<>();
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      for (Append append : batch) {
        for (byte[] frame : append.frames) {
          offsets.add(at + bytes.size());
          bytes.write(frame, 0, frame.length);
        }
      }
      RecordLog.writeFully(channel, ByteBuffer.wrap(bytes.toByteArray()), at);
      channel.force(true);
      at += bytes.size();
    } catch (IOException e) {
      failure = e;
    }
    synchronized (monitor) {
      if (failure == null) {
        end = at;
        int next = 0;
        for (Append append : batch) {
          for (Transaction tx : append.transactions) {
            if (live.put(tx.id(), offsets.get(next++)) != null) {
              dead++;
            }
          }
        }
        fsyncs++;
      }
      for (Append append : batch) {
        append.finish(failure, file);
      }
      writing = false;
      monitor.notifyAll();
    }
    mine.rethrow();
  }

  List<Transaction> load() {
    synchronized (monitor) {
      List<Transaction> transactions = new ArrayList<>(live.size());
      try {
        for (long offset : live.values()) {
          transactions.add(decode(RecordLog.readPayload(channel, offset, file), file, offset));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
      return transactions;
    }
  }

  void forget(Collection<String> committedIds) {
    synchronized (monitor) {
      for (String id : committedIds) {
        if (live.remove(id) != null) {
          dead++;
        }
      }
      if (dead >= COMPACT_AT_LEAST && dead > live.size()) {
        while (writing) {
          awaitTurn();
        }
        compact();
      }
    }
  }

  int liveCount() {
    synchronized (monitor) {
      return live.size();
    }
  }

  long fsyncCount() {
    synchronized (monitor) {
      return fsyncs;
    }
  }

  /** Rewrites the live records into a new file and swaps it in atomically. Holds the monitor. */
  private void compact() {
    Path temp = dir.resolve(FILE_NAME + ".compact");
    Map<String, Long> moved = new LinkedHashMap<>();
    try (FileChannel out =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      long at = 0;
      for (Map.Entry<String, Long> entry : live.entrySet()) {
        ByteBuffer frame = RecordLog.frame(RecordLog.readPayload(channel, entry.getValue(), file));
        int size = frame.remaining();
        RecordLog.writeFully(out, frame, at);
        moved.put(entry.getKey(), at);
        at += size;
      }
      out.force(true);
      channel.close();
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      AtomicFile.syncDirectory(dir);
      channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      end = at;
      log.debug("Compacted {}: {} live records kept, {} dropped", file, moved.size(), dead);
      live.clear();
      live.putAll(moved);
      dead = 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compact " + file, e);
    }
  }

  private void awaitTurn() {
    try {
      monitor.wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to append to " + file, e);
    }
  }

  private static Transaction decode(byte[] payload, Path file, long offset) {
    try {
      JsonNode node = JSON.readTree(payload);
      return new Transaction(node.get("id").stringValue(), node.get("data").stringValue());
    } catch (RuntimeException e) {
      throw new CorruptChainException(file, offset, "unreadable pending transaction: " + e);
    }
  }

  @Override
  public void close() {
    synchronized (monitor) {
      try {
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close " + file, e);
      }
    }
  }

  /** One caller's records, framed before the lock is taken, and the outcome of their write. */
  private static final class Append {
    final List<Transaction> transactions;
    final List<byte[]> frames;
    boolean done;
    RuntimeException failure;

    Append(List<Transaction> transactions) {
      this.transactions = List.copyOf(transactions);
      this.frames = new ArrayList<>(transactions.size());
      for (Transaction tx : transactions) {
        byte[] payload =
            JSON.writeValueAsBytes(
                JSON.createObjectNode().put("id", tx.id()).put("data", tx.data()));
        frames.add(RecordLog.frame(payload).array());
      }
    }

    void finish(IOException error, Path file) {
      done = true;
      if (error != null) {
        failure = new UncheckedIOException("cannot append to " + file, error);
      }
    }

    void rethrow() {
      if (failure != null) {
        throw failure;
      }
    }
  }
}
