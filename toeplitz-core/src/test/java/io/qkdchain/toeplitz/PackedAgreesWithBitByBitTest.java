package io.qkdchain.toeplitz;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The packed hashes against {@link BitByBitToeplitz} on thousands of random shapes: {@code t} from
 * 1 to 512, {@code n} from 0 to 20,000 bits. Each failure names its seed and shape; the run is
 * deterministic, so a failure reproduces.
 */
class PackedAgreesWithBitByBitTest {

  private static final long SEED = 0x7031_2026L;

  @Test
  void the_full_family_agrees_with_the_definition_on_random_shapes() {
    RandomBits random = new RandomBits(SEED);
    for (int shape = 0; shape < 2000; shape++) {
      int t = random.length(1, 512);
      int n = random.length(0, shape % 10 == 0 ? 20_000 : 2_000);
      BitString seed = random.bits(n + t - 1);
      BitString message = random.bits(n);

      FullToeplitzHash hash = FullToeplitzHash.fromSeed(t, seed);

      BitString expected = BitByBitToeplitz.fullHash(seed, message, t);
      String shapeName = "seed " + SEED + ", shape " + shape + ": t=" + t + " n=" + n;
      assertThat(hash.hash(message)).as(shapeName).isEqualTo(expected);
      if (n % 8 == 0) {
        assertThat(hash.hash(message.toBytes())).as(shapeName + " (bytes)").isEqualTo(expected);
      }
    }
  }

  @Test
  void the_lfsr_family_agrees_with_the_definition_on_random_shapes() {
    RandomBits random = new RandomBits(SEED + 1);
    for (int shape = 0; shape < 400; shape++) {
      int t = 8 * Math.max(1, random.length(1, 512) / 8);
      int n = random.length(0, shape % 10 == 0 ? 20_000 : 2_000);
      LfsrKey key = LfsrKey.derive(t, random.bits(2 * t));
      BitString message = random.bits(n);

      LfsrToeplitzHash hash = new LfsrToeplitzHash(key);

      BitString expected =
          BitByBitToeplitz.lfsrHash(
              key.polynomial().lowCoefficients(), key.initialState(), message);
      String shapeName = "seed " + (SEED + 1) + ", shape " + shape + ": t=" + t + " n=" + n;
      assertThat(hash.hash(message)).as(shapeName).isEqualTo(expected);
      if (n % 8 == 0) {
        assertThat(hash.hash(message.toBytes())).as(shapeName + " (bytes)").isEqualTo(expected);
      }
    }
  }

  @Test
  void long_lfsr_messages_which_fold_a_word_at_a_time_agree_with_the_definition() {
    RandomBits random = new RandomBits(SEED + 3);
    for (int t : new int[] {8, 64, 200, 256}) {
      int n = 8 * (4096 + t / 8) + 8 * random.nextInt(2048) + random.nextInt(8);
      LfsrKey key = LfsrKey.derive(t, random.bits(2 * t));
      BitString message = random.bits(n);

      BitString expected =
          BitByBitToeplitz.lfsrHash(
              key.polynomial().lowCoefficients(), key.initialState(), message);

      assertThat(new LfsrToeplitzHash(key).hash(message))
          .as("t=" + t + " n=" + n)
          .isEqualTo(expected);
    }
  }

  @Test
  void both_families_are_linear() {
    RandomBits random = new RandomBits(SEED + 2);
    for (int shape = 0; shape < 200; shape++) {
      int t = 8 * (1 + random.nextInt(64));
      int n = random.length(0, 20_000);
      BitString a = random.bits(n);
      BitString b = random.bits(n);
      String shapeName = "seed " + (SEED + 2) + ", shape " + shape + ": t=" + t + " n=" + n;
      ToeplitzHash[] hashes = {
        FullToeplitzHash.fromSeed(t, random.bits(n + t - 1)),
        new LfsrToeplitzHash(LfsrKey.derive(t, random.bits(2 * t)))
      };
      for (ToeplitzHash hash : hashes) {
        assertThat(hash.hash(a.xor(b)))
            .as(shapeName + " " + hash.family())
            .isEqualTo(hash.hash(a).xor(hash.hash(b)));
      }
    }
  }
}
