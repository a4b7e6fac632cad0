package io.qkdchain.simulator.stats;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/sim/stats")
class StatsController {

  private final SimulatorStats stats;

  StatsController(SimulatorStats stats) {
    this.stats = stats;
  }

  @GetMapping
  SimulatorStats.Snapshot snapshot() {
    return stats.snapshot();
  }

  @PostMapping("/reset")
  ResponseEntity<SimulatorStats.Snapshot> reset() {
    stats.reset();
    return ResponseEntity.ok(stats.snapshot());
  }
}
