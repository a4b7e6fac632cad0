package io.qkdchain.peer.node;

import io.qkdchain.peer.consensus.EventLoop;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consensus thread: one dedicated thread runs every task and timer in order, on the wall clock.
 * A task that throws is logged and the loop carries on; one bug must not stop consensus. MACs are
 * computed beside it on {@link #compute()}, a pool of one thread per CPU (at most two).
 */
public final class ThreadEventLoop implements EventLoop, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ThreadEventLoop.class);

  private final ScheduledThreadPoolExecutor executor;
  private final ExecutorService compute;

  public ThreadEventLoop(String threadName) {
    executor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, threadName);
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    AtomicInteger computeThreads = new AtomicInteger();
    compute =
        Executors.newFixedThreadPool(
            Math.min(2, Runtime.getRuntime().availableProcessors()),
            task -> {
              Thread thread =
                  new Thread(task, threadName + "-mac-" + computeThreads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public Executor compute() {
    return compute;
  }

  @Override
  public void execute(Runnable task) {
    if (!executor.isShutdown()) {
      executor.execute(guarded(task));
    }
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    if (executor.isShutdown()) {
      return () -> {};
    }
    ScheduledFuture<?> scheduled =
        executor.schedule(guarded(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    return () -> scheduled.cancel(false);
  }

  @Override
  public long nowMillis() {
    return System.currentTimeMillis();
  }

  private static Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        log.error("A consensus task failed; the event loop carries on", e);
      }
    };
  }

  /** Stops taking tasks and waits briefly for the running one to finish. */
  @Override
  public void close() {
    compute.shutdown();
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
