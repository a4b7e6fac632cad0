package io.qkdchain.simulator.qrng;

import io.qkdchain.simulator.config.SimulatorProperties;
import io.qkdchain.simulator.stats.SimulatorStats;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A stand-in for the Quantum Blockchains QRNG web API, drawing from {@link SecureRandom}. The API
 * key travels in the path, so it is compared in constant time and never logged.
 */
@RestController
class QrngController {

  private static final Logger log = LoggerFactory.getLogger(QrngController.class);

  private final byte[] apiKey;
  private final int maxSize;
  private final SecureRandom random;
  private final SimulatorStats stats;
  private final Clock clock;

  QrngController(
      SimulatorProperties config, SecureRandom random, SimulatorStats stats, Clock clock) {
    this.apiKey = config.qrng().apiKey().getBytes(StandardCharsets.UTF_8);
    this.maxSize = config.qrng().maxSize();
    this.random = random;
    this.stats = stats;
    this.clock = clock;
  }

  @GetMapping("/{apiKey}/qbck/block/{type}")
  QrngAnswer block(
      @PathVariable("apiKey") String givenKey,
      @PathVariable String type,
      @RequestParam(required = false) String size,
      @RequestParam(required = false) String min,
      @RequestParam(required = false) String max,
      @RequestParam(required = false) String length) {
    if (!MessageDigest.isEqual(apiKey, givenKey.getBytes(StandardCharsets.UTF_8))) {
      log.warn("qrng block={} refused: wrong API key", type);
      stats.qrngError(404);
      return QrngAnswer.wrongKey();
    }
    long started = System.nanoTime();
    RandomBlock.Drawn drawn;
    try {
      RandomBlock block = RandomBlock.fromPath(type);
      int count = size == null ? 1 : integer("size", size);
      if (count < 1 || count > maxSize) {
        throw new IllegalArgumentException(
            "size must lie in [1, " + maxSize + "] (sim.qrng.max-size), got " + count);
      }
      RandomBlock.Request request =
          new RandomBlock.Request(
              count,
              min == null ? null : number("min", min),
              max == null ? null : number("max", max),
              length == null ? null : integer("length", length));
      drawn = block.draw(request, random);
    } catch (IllegalArgumentException bad) {
      log.warn("qrng block={} refused: {}", type, bad.getMessage());
      stats.qrngError(400);
      return QrngAnswer.badRequest(bad.getMessage());
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    log.info("qrng block={} size={}", type, drawn.values().size());
    return QrngAnswer.success(
        new QrngAnswer.Data(
            drawn.values(), drawn.bytesRead(), String.format(Locale.ROOT, "%.6f", seconds)),
        clock.instant().toString());
  }

  private static int integer(String name, String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + text + "'");
    }
  }

  private static double number(String name, String text) {
    try {
      double value = Double.parseDouble(text.strip());
      if (Double.isNaN(value)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, got '" + text + "'");
    }
  }
}
