package io.qkdchain.peer.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The record framing shared by the chain log and the pending log: {@code [length u32][CRC32C u32 of
 * the payload][payload]}, big-endian, payload never empty.
 *
 * <p>A crash can leave the last record torn: a partial header, a payload cut short, a bad checksum
 * on the record that ends the file, or a zero-filled tail (a file extended but not yet written).
 * Those are reported as a tear to truncate; a bad record followed by more data is corruption.
 */
final class RecordLog {

  static final int HEADER_BYTES = 8;
  static final int MAX_PAYLOAD_BYTES = 512 * 1024 * 1024;

  private RecordLog() {}

  /** Receives each intact record while a log is scanned. */
  interface RecordVisitor {
    void record(long offset, byte[] payload);
  }

  /** Where the intact records end, and whether a torn tail follows them. */
  record Scan(long intactEnd, long fileSize, String tear) {
    boolean torn() {
      return tear != null;
    }
  }

  static ByteBuffer frame(byte[] payload) {
    if (payload.length == 0 || payload.length > MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException("record payload of " + payload.length + " bytes");
    }
    ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + payload.length);
    buffer.putInt(payload.length).putInt(crc(payload)).put(payload).flip();
    return buffer;
  }

  static int crc(byte[] payload) {
    CRC32C crc = new CRC32C();
    crc.update(payload);
    return (int) crc.getValue();
  }

  static Scan scan(FileChannel channel, Path file, RecordVisitor visitor) {
    try {
      return scan(channel, file, 0, channel.size(), true, visitor);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Scans the records in {@code [from, size)}. With {@code tailMayTear} a damaged last record is a
   * tear to truncate (the end of a file a crash may have cut); without it, the range must hold only
   * intact records (a prefix that was durable before): any damage is a {@link
   * CorruptChainException}.
   */
  static Scan scan(
      FileChannel channel,
      Path file,
      long from,
      long size,
      boolean tailMayTear,
      RecordVisitor visitor) {
    Scan scan = scanRange(channel, file, from, size, visitor);
    if (scan.torn() && !tailMayTear) {
      throw new CorruptChainException(file, scan.intactEnd(), scan.tear());
    }
    return scan;
  }

  private static Scan scanRange(
      FileChannel channel, Path file, long from, long size, RecordVisitor visitor) {
    try {
      long offset = from;
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
      while (offset < size) {
        long remaining = size - offset;
        if (remaining < HEADER_BYTES) {
          return new Scan(offset, size, "a partial record header of " + remaining + " bytes");
        }
        header.clear();
        readFully(channel, header, offset);
        header.flip();
        int length = header.getInt();
        int expectedCrc = header.getInt();
        if (length == 0 && zeroesFrom(channel, offset, size)) {
          return new Scan(offset, size, "a zero-filled tail of " + remaining + " bytes");
        }
        if (length <= 0 || length > MAX_PAYLOAD_BYTES) {
          throw new CorruptChainException(file, offset, "impossible record length " + length);
        }
        long end = offset + HEADER_BYTES + length;
        if (end > size) {
          return new Scan(
              offset,
              size,
              "a record of " + length + " bytes cut short at " + remaining + " bytes");
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        readFully(channel, payload, offset + HEADER_BYTES);
        if (crc(payload.array()) != expectedCrc) {
          if (end == size) {
            return new Scan(offset, size, "a last record with a bad checksum");
          }
          throw new CorruptChainException(file, offset, "record checksum mismatch");
        }
        visitor.record(offset, payload.array());
        offset = end;
      }
      return new Scan(offset, size, null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The size in bytes (header included) of the record at {@code offset}. */
  static long recordSize(byte[] payload) {
    return HEADER_BYTES + (long) payload.length;
  }

  static byte[] readPayload(FileChannel channel, long offset, Path file) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    readFully(channel, header, offset);
    header.flip();
    int length = header.getInt();
    int expectedCrc = header.getInt();
    if (length <= 0 || length > MAX_PAYLOAD_BYTES) {
      throw new CorruptChainException(file, offset, "impossible record length " + length);
    }
    ByteBuffer payload = ByteBuffer.allocate(length);
    readFully(channel, payload, offset + HEADER_BYTES);
    if (crc(payload.array()) != expectedCrc) {
      throw new CorruptChainException(file, offset, "record checksum mismatch");
    }
    return payload.array();
  }

  static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, at);
      if (read < 0) {
        throw new IOException("unexpected end of file at " + at);
      }
      at += read;
    }
  }

  static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      at += channel.write(buffer, at);
    }
  }

  private static boolean zeroesFrom(FileChannel channel, long offset, long size)
      throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
    for (long at = offset; at < size; ) {
      chunk.clear();
      chunk.limit((int) Math.min(chunk.capacity(), size - at));
      readFully(channel, chunk, at);
      chunk.flip();
      while (chunk.hasRemaining()) {
        if (chunk.get() != 0) {
          return false;
        }
      }
      at += chunk.limit();
    }
    return true;
  }
}
