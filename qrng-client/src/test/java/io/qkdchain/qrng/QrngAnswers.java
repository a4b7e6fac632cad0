package io.qkdchain.qrng;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/** Answer bodies shaped like the Quantum Blockchains API's. */
final class QrngAnswers {

  static final String KEY = "TestKey-9f8e7d6c";
  static final String WRONG_KEY_ANSWER =
      "{\"error\":\"Not Found\",\"message\":\"Wrong key\",\"status\":404}";

  private QrngAnswers() {}

  static String shorts(int... values) {
    return answer(Arrays.stream(values).mapToObj(Integer::toString));
  }

  static String strings(String... values) {
    return answer(Arrays.stream(values).map(value -> "\"" + value + "\""));
  }

  static int[] seededShorts(long seed, int count) {
    return new SplittableRandom(seed).ints(count, 0, 32_768).toArray();
  }

  private static String answer(java.util.stream.Stream<String> entries) {
    return "{\"data\":{\"result\":["
        + entries.collect(Collectors.joining(","))
        + "],\"QuantisRead\":1,\"ExecuteTime\":\"0.01\"},\"error\":\"\",\"message\":\"\","
        + "\"timestamp\":\"2025-01-01T00:00:00Z\",\"status\":200}";
  }
}
