package io.qkdchain.peer.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Where each block's record starts in {@code chain.log}: one big-endian long per block index in a
 * memory-mapped file, {@code blocks.offsets}, so the heap holds none of it whatever the chain's
 * length. Written by the single appender before it publishes the new height; read by anyone below a
 * published height (the mapping is shared, and the publication is a volatile write). The file is
 * derived from the chain and rebuilt from it when missing (see {@link ChainIndexes}).
 */
final class BlockOffsets implements AutoCloseable {

  static final String FILE_NAME = "blocks.offsets";
  private static final int CHUNK_ENTRIES = 1 << 20;
  private static final long CHUNK_BYTES = 8L * CHUNK_ENTRIES;

  private final Path file;
  private final FileChannel channel;
  private volatile MappedByteBuffer[] chunks = new MappedByteBuffer[0];

  BlockOffsets(Path dir) {
    this.file = dir.resolve(FILE_NAME);
    try {
      this.channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
  }

  /** The offset recorded for {@code blockIndex}; the caller knows it was recorded. */
  long get(long blockIndex) {
    MappedByteBuffer[] mapped = chunks;
    int chunk = (int) (blockIndex / CHUNK_ENTRIES);
    MappedByteBuffer buffer = chunk < mapped.length ? mapped[chunk] : map(chunk);
    return buffer.getLong((int) (blockIndex % CHUNK_ENTRIES) * 8);
  }

  /** Records where {@code blockIndex} starts (appender only). */
  void set(long blockIndex, long offset) {
    int chunk = (int) (blockIndex / CHUNK_ENTRIES);
    MappedByteBuffer[] mapped = chunks;
    MappedByteBuffer buffer = chunk < mapped.length ? mapped[chunk] : map(chunk);
    buffer.putLong((int) (blockIndex % CHUNK_ENTRIES) * 8, offset);
  }

  /** Writes what was set to disk. */
  void force() {
    for (MappedByteBuffer buffer : chunks) {
      buffer.force();
    }
  }

  private synchronized MappedByteBuffer map(int chunk) {
    MappedByteBuffer[] mapped = chunks;
    if (chunk < mapped.length) {
      return mapped[chunk];
    }
    MappedByteBuffer[] grown = Arrays.copyOf(mapped, chunk + 1);
    try {
      for (int i = mapped.length; i <= chunk; i++) {
        grown[i] = channel.map(FileChannel.MapMode.READ_WRITE, i * CHUNK_BYTES, CHUNK_BYTES);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot map " + file, e);
    }
    chunks = grown;
    return grown[chunk];
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
