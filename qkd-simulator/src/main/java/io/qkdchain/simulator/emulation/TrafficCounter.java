package io.qkdchain.simulator.emulation;

import io.qkdchain.simulator.stats.SimulatorStats;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Counts requests by operation and ETSI errors by HTTP status, after the answer is decided, so
 * refusals from any layer (binding, fault injection, the KME) are counted alike.
 */
final class TrafficCounter implements HandlerInterceptor {

  private final SimulatorStats stats;

  TrafficCounter(SimulatorStats stats) {
    this.stats = stats;
  }

  @Override
  public void afterCompletion(
      HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
    String operation = Endpoints.operation(request);
    stats.request(operation);
    if (Endpoints.isEtsi(request) && response.getStatus() >= 400) {
      stats.error(response.getStatus());
    }
  }
}
