package io.qkdchain.simulator.emulation;

import io.qkdchain.simulator.kme.KmeException;
import io.qkdchain.simulator.stats.SimulatorStats;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * What a real device adds to every call: latency (the original system saw 0.5-1 s per remote call),
 * and, for ETSI calls, an injected 503 on every k-th call to exercise clients' retries. The latency
 * is a sleep on the servlet thread; the Tomcat pool is sized for it.
 */
final class LinkConditions implements HandlerInterceptor {

  private final Duration latency;
  private final int failEvery;
  private final SimulatorStats stats;
  private final AtomicLong etsiCalls = new AtomicLong();

  LinkConditions(Duration latency, int failEvery, SimulatorStats stats) {
    this.latency = latency;
    this.failEvery = failEvery;
    this.stats = stats;
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    delay();
    if (failEvery > 0 && Endpoints.isEtsi(request)) {
      long call = etsiCalls.incrementAndGet();
      if (call % failEvery == 0) {
        stats.faultInjected();
        throw KmeException.unavailable(
            "injected fault: ETSI call " + call + " fails (sim.fail-every=" + failEvery + ")",
            Map.of("injected", true));
      }
    }
    return true;
  }

  private void delay() {
    if (latency.isZero()) {
      return;
    }
    try {
      Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KmeException.unavailable("interrupted while emulating link latency");
    }
  }
}
