package io.qkdchain.peer.dashboard;

import io.qkdchain.peer.consensus.ConsensusEvents;
import io.qkdchain.peer.consensus.PeerId;
import io.qkdchain.peer.consensus.Round;
import io.qkdchain.peer.dashboard.Hypercube.LinkId;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Round-key bits per link as this peer knows them, in total and over a recent window, for colouring
 * the hypercube. A peer sees its own links exactly. It also infers the proposer's other links from
 * each proposal it receives: a proposer sends nothing until it holds a key of the same size for
 * every link, so a proposal with a {@code bits}-bit key means every link of the proposer spent
 * {@code bits} bits that round.
 */
public final class LinkKeyLedger implements ConsensusEvents {

  private static final int BUCKETS = 12;

  private final Hypercube cube;
  private final PeerId self;
  private final LongSupplier clockMillis;
  private final long bucketMillis;
  private final Map<LinkId, Usage> usage = new HashMap<>();

  /**
   * @param window how far back "recent" reaches, split in {@value #BUCKETS} buckets
   */
  public LinkKeyLedger(Hypercube cube, PeerId self, Duration window, LongSupplier clockMillis) {
    this.cube = cube;
    this.self = self;
    this.clockMillis = clockMillis;
    this.bucketMillis = Math.max(1, window.toMillis() / BUCKETS);
    for (LinkId link : cube.links()) {
      usage.put(link, new Usage());
    }
  }

  public Duration window() {
    return Duration.ofMillis(bucketMillis * BUCKETS);
  }

  @Override
  public synchronized void keyIssued(Round round, PeerId slave, List<String> keyIds, int bits) {
    add(new LinkId(self, slave), bits, false);
  }

  @Override
  public synchronized void keyReceived(Round round, PeerId master, List<String> keyIds, int bits) {
    add(new LinkId(master, self), bits, false);
    for (PeerId other : cube.members()) {
      if (!other.equals(master) && !other.equals(self)) {
        add(new LinkId(master, other), bits, true);
      }
    }
  }

  private void add(LinkId link, int bits, boolean inferred) {
    Usage u = usage.get(link);
    if (u != null) {
      u.add(clockMillis.getAsLong() / bucketMillis, bits, inferred);
    }
  }

  /** Every link of the cube, in {@link Hypercube#links()} order. */
  public synchronized List<LinkUsage> links() {
    long now = clockMillis.getAsLong() / bucketMillis;
    return cube.links().stream()
        .map(
            link -> {
              Usage u = usage.get(link);
              return new LinkUsage(
                  link.a().value(),
                  link.b().value(),
                  cube.neighbours(link.a(), link.b()),
                  link.a().equals(self) || link.b().equals(self),
                  u.recent(now),
                  u.total,
                  u.inferredTotal);
            })
        .toList();
  }

  /**
   * One link's consumption.
   *
   * @param physical a hypercube edge, not a relayed logical link
   * @param own this peer is one end, so its figures are exact
   * @param inferredBits the part of {@code totalBits} inferred from proposals, not seen directly
   */
  public record LinkUsage(
      String a,
      String b,
      boolean physical,
      boolean own,
      long recentBits,
      long totalBits,
      long inferredBits) {}

  /** Bits per time bucket in a ring; a bucket is cleared when its slot is reused. */
  private static final class Usage {
    private final long[] bits = new long[BUCKETS];
    private final long[] bucketOf = new long[BUCKETS];
    private long total;
    private long inferredTotal;

    void add(long bucket, int amount, boolean inferred) {
      int slot = (int) Math.floorMod(bucket, (long) BUCKETS);
      if (bucketOf[slot] != bucket) {
        bucketOf[slot] = bucket;
        bits[slot] = 0;
      }
      bits[slot] += amount;
      total += amount;
      if (inferred) {
        inferredTotal += amount;
      }
    }

    long recent(long now) {
      long sum = 0;
      for (int slot = 0; slot < BUCKETS; slot++) {
        if (bucketOf[slot] > now - BUCKETS && bucketOf[slot] <= now) {
          sum += bits[slot];
        }
      }
      return sum;
    }
  }
}
