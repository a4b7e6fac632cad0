package io.qkdchain.bench.cluster;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Transaction texts of exactly the requested size in bytes (ASCII), each unique (from about 30
 * bytes up; shorter ones are cut) so that no two can be mistaken for one another.
 */
final class Payloads {

  private final int size;
  private final String run = Long.toHexString(ThreadLocalRandom.current().nextLong());
  private final AtomicLong sequence = new AtomicLong();
  private final String padding;

  Payloads(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("payload size must be at least 1 byte, got " + size);
    }
    this.size = size;
    char[] filler = new char[size];
    Arrays.fill(filler, 'x');
    this.padding = new String(filler);
  }

  String next() {
    String head = "bench-" + run + "-" + sequence.incrementAndGet() + "-";
    if (head.length() >= size) {
      return head.substring(0, size);
    }
    return head + padding.substring(0, size - head.length());
  }
}
