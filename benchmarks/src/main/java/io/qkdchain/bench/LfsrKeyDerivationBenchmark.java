package io.qkdchain.bench;

import io.qkdchain.toeplitz.BitString;
import io.qkdchain.toeplitz.LfsrKey;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The lfsr key derivation at t = 256: the polynomial search (small-factor sieve, then Rabin's test,
 * from the candidate until one is irreducible) and the state. Its cost depends on how far the first
 * irreducible polynomial is, so each call takes the next of 4096 random keys and the median is the
 * figure.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LfsrKeyDerivationBenchmark {

  private static final int TAG_BITS = 256;

  private BitString[] keys;
  private int next;

  @Setup
  public void setUp() {
    Random random = new Random(7);
    keys = new BitString[4096];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = ToeplitzTagBenchmark.randomBits(random, 2 * TAG_BITS);
    }
  }

  @Benchmark
  public LfsrKey derive() {
    BitString key = keys[next];
    next = (next + 1) & (keys.length - 1);
    return LfsrKey.derive(TAG_BITS, key);
  }
}
