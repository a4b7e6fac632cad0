package io.qkdchain.systemtests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** How long each phase of a system test took, for its output (CI logs show where time goes). */
final class PhaseClock {

  private final String name;
  private final long start = System.nanoTime();
  private long lapStart = start;
  private final List<String> laps = new ArrayList<>();

  PhaseClock(String name) {
    this.name = name;
  }

  /** Ends the phase that ran since the previous lap (or the start), and prints it. */
  void lap(String phase) {
    long now = System.nanoTime();
    String line = String.format("%-28s %6.1f s", phase, (now - lapStart) / 1e9);
    laps.add(line);
    System.out.println(name + " phase: " + line);
    lapStart = now;
  }

  String summary() {
    StringBuilder out = new StringBuilder(name + " phases:\n");
    laps.forEach(line -> out.append("  ").append(line).append('\n'));
    out.append(
        String.format(
            "  %-28s %6.1f s",
            "total", Duration.ofNanos(System.nanoTime() - start).toMillis() / 1e3));
    return out.toString();
  }
}
