package io.qkdchain.peer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A qkdchain peer. */
@SpringBootApplication
public class PeerNodeApplication {

  static final String COMMON_POOL_PARALLELISM =
      "java.util.concurrent.ForkJoinPool.common.parallelism";

  public static void main(String[] args) {
    widenCommonPool();
    SpringApplication.run(PeerNodeApplication.class, args);
  }

  /**
   * The JDK HTTP client passes every {@code sendAsync} completion through CompletableFuture's
   * default executor, which with fewer than 3 CPUs (common pool parallelism 1) starts a new thread
   * per task: measured on 2 cores, about 45 threads a second per peer under load. With two workers
   * the common pool serves instead. Must run before anything touches the common pool; an explicit
   * {@code -D} setting wins.
   */
  static void widenCommonPool() {
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
      System.setProperty(COMMON_POOL_PARALLELISM, "2");
    }
  }
}
