package io.qkdchain.peer.cluster;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The round story every peer in this JVM logs ({@code qkdchain.round}), captured so that tests can
 * assert a failure was told to the operator, not merely survived.
 */
public final class RoundStoryCapture implements AutoCloseable {

  private final Logger logger = (Logger) LoggerFactory.getLogger("qkdchain.round");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  public RoundStoryCapture() {
    appender.start();
    logger.addAppender(appender);
  }

  // AppenderBase appends under the appender's own lock.
  /** Formatted messages logged at WARN or above so far, in order. */
  public List<String> warnings() {
    synchronized (appender) {
      return appender.list.stream()
          .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
          .map(event -> "[" + event.getThreadName() + "] " + event.getFormattedMessage())
          .toList();
    }
  }

  /** Every formatted message so far, in order. */
  public List<String> lines() {
    synchronized (appender) {
      return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  /** Forgets what was captured so far. */
  public void clear() {
    synchronized (appender) {
      appender.list.clear();
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
