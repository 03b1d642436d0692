package io.emoqwen.core.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Wakes idle workers the moment a job becomes claimable, through PostgreSQL LISTEN/NOTIFY. Notifications are
 * a shortcut, never the source of truth: workers still poll, so a lost notification only costs latency.
 */
public class JobNotifier implements AutoCloseable {

  static final String CHANNEL = "emoqwen_jobs";
  private static final Logger log = LoggerFactory.getLogger(JobNotifier.class);

  private final DataSource dataSource;
  private final List<Predicate<String>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicInteger nextListener = new AtomicInteger();
  private volatile boolean running = true;
  private final Thread thread;

  public JobNotifier(DataSource dataSource) {
    this.dataSource = dataSource;
    this.thread = new Thread(this::listen, "job-notifier");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Sent inside the transaction that made a job claimable; PostgreSQL delivers it at commit. */
  static void wakeWorkers(JdbcClient jdbc, String jobType) {
    jdbc.sql("SELECT pg_notify('" + CHANNEL + "', :type)").param("type", jobType).query().singleValue();
  }

  /**
   * {@code listener} is offered the type of each job that became claimable and answers whether it will claim.
   * One job wakes one idle worker (taking turns), not all of them: a herd of claimers for one job would
   * queue on the claim lock and slow every pickup.
   */
  public void subscribe(Predicate<String> listener) {
    listeners.add(listener);
  }

  private void offer(String jobType) {
    int count = listeners.size();
    int start = Math.floorMod(nextListener.getAndIncrement(), Math.max(count, 1));
    for (int i = 0; i < count; i++) {
      if (listeners.get((start + i) % count).test(jobType)) {
        return;
      }
    }
  }

  private void listen() {
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + CHANNEL);
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] notifications = pg.getNotifications(500);
          if (notifications != null) {
            for (PGNotification notification : notifications) {
              offer(notification.getParameter());
            }
          }
        }
      } catch (SQLException e) {
        if (running) {
          log.warn("job notifications interrupted, listening again in 1 s: {}", e.getMessage());
          sleepQuietly(1000);
        }
      }
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
