package io.qkdchain.bench;

import io.qkdchain.toeplitz.BitString;
import io.qkdchain.toeplitz.LfsrKey;
import io.qkdchain.toeplitz.LfsrToeplitzHash;
import io.qkdchain.toeplitz.OneTimePad;
import io.qkdchain.toeplitz.RoundKey;
import io.qkdchain.toeplitz.ToeplitzFamily;
import io.qkdchain.toeplitz.ToeplitzMac;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One tag of a message with a fresh key, as a peer computes it each round, all per-key work
 * included (for full: laying out the seed; for lfsr: the reduction table and first columns). The
 * lfsr polynomial search is left out here and measured by {@link LfsrKeyDerivationBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ToeplitzTagBenchmark {

  private static final int TAG_BITS = 256;

  @Param({"full", "lfsr"})
  public String family;

  @Param({"128", "1024", "65536", "1048576"})
  public int messageBytes;

  private byte[] message;
  private BitString fullRoundKey;
  private LfsrKey lfsrKey;
  private BitString pad;

  @Setup
  public void setUp() {
    Random random = new Random(42);
    message = new byte[messageBytes];
    random.nextBytes(message);
    long n = 8L * messageBytes;
    fullRoundKey = randomBits(random, ToeplitzFamily.FULL.roundKeyBits(TAG_BITS, n));
    lfsrKey = LfsrKey.derive(TAG_BITS, randomBits(random, 2 * TAG_BITS));
    pad = randomBits(random, TAG_BITS);
  }

  @Benchmark
  public BitString tag() {
    ToeplitzMac mac =
        family.equals("full")
            ? RoundKey.of(ToeplitzFamily.FULL, TAG_BITS, 8L * messageBytes, fullRoundKey)
            : new ToeplitzMac(new LfsrToeplitzHash(lfsrKey), OneTimePad.of(pad), 8L * messageBytes);
    return mac.tag(message);
  }

  static BitString randomBits(Random random, int bits) {
    byte[] bytes = new byte[(bits + 7) / 8];
    random.nextBytes(bytes);
    return BitString.fromBytes(bytes).slice(0, bits);
  }
}
