package io.qkdchain.peer.node;

import io.qkdchain.peer.consensus.ConsensusEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * Starts consensus once the web server accepts peer messages, and stops it before the stores and
 * the event loop close (it is destroyed first, being their dependant).
 */
public final class EngineLifecycle implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EngineLifecycle.class);

  private final ConsensusEngine engine;
  private volatile boolean running;

  EngineLifecycle(ConsensusEngine engine) {
    this.engine = engine;
  }

  @EventListener(ApplicationReadyEvent.class)
  public void start() {
    if (!running) {
      engine.start();
      running = true;
      log.info("Consensus started at height {}", engine.height());
    }
  }

  public boolean running() {
    return running;
  }

  public ConsensusEngine engine() {
    return engine;
  }

  @Override
  public void close() {
    if (running) {
      running = false;
      engine.stop();
      log.info("Consensus stopped at height {}", engine.height());
    }
  }
}
