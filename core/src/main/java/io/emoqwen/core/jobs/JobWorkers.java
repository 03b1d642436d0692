package io.emoqwen.core.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.core.config.CoreProperties;
import io.emoqwen.core.tenancy.ScopedTransactions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Makes started workers that wake on notifications, and stops them all when the application stops. */
public class JobWorkers implements AutoCloseable {

  private final JobClaims claims;
  private final ObjectMapper json;
  private final ScopedTransactions transactions;
  private final JobNotifier notifier;
  private final CoreProperties.Jobs settings;
  private final List<JobWorker> started = new CopyOnWriteArrayList<>();

  public JobWorkers(JobClaims claims, ObjectMapper json, ScopedTransactions transactions, JobNotifier notifier,
      CoreProperties.Jobs settings) {
    this.claims = claims;
    this.json = json;
    this.transactions = transactions;
    this.notifier = notifier;
    this.settings = settings;
  }

  /** A worker for {@code role} running up to {@code concurrency} jobs of the handlers' types at once. */
  public JobWorker start(String role, List<JobHandler<?>> handlers, int concurrency) {
    JobWorker worker = new JobWorker(role, claims, json, transactions, handlers, concurrency, settings);
    notifier.subscribe(worker::wake);
    worker.start();
    started.add(worker);
    return worker;
  }

  @Override
  public void close() {
    started.forEach(worker -> worker.stop(settings.leaseDuration().toMillis() / 2));
  }
}
