package io.emoqwen.api.jobs;

import io.emoqwen.core.jobs.JobEvent;
import io.emoqwen.core.jobs.JobQueue;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Follows a job's event table and forwards new rows as server-sent events (id = event id, so a client that
 * reconnects with Last-Event-ID resumes where it was). Ends when the job is finished and drained.
 */
@Component
class JobEventStreams implements DisposableBean {

  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration MAX_STREAM = Duration.ofMinutes(30);
  private static final int BATCH = 200;

  private final JobQueue queue;
  private final ScheduledExecutorService pollers = Executors.newScheduledThreadPool(2, runnable -> {
    Thread thread = new Thread(runnable, "job-event-streams");
    thread.setDaemon(true);
    return thread;
  });

  JobEventStreams(JobQueue queue) {
    this.queue = queue;
  }

  SseEmitter follow(UUID tenantId, UUID jobId, long afterId) {
    SseEmitter emitter = new SseEmitter(MAX_STREAM.toMillis());
    AtomicLong last = new AtomicLong(afterId);
    AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
    AtomicBoolean done = new AtomicBoolean();
    Runnable stop = () -> {
      done.set(true);
      ScheduledFuture<?> scheduled = task.get();
      if (scheduled != null) {
        scheduled.cancel(false);
      }
    };
    Runnable poll = () -> {
      if (done.get()) {
        stop.run();
        return;
      }
      try {
        boolean finished = queue.get(tenantId, jobId).state().isTerminal();
        List<JobEvent> events = queue.events(tenantId, jobId, last.get(), BATCH);
        for (JobEvent event : events) {
          emitter.send(SseEmitter.event().id(Long.toString(event.id())).name(event.kind().name().toLowerCase())
              .data(JobViews.JobEventView.of(event), MediaType.APPLICATION_JSON));
          last.set(event.id());
        }
        if (finished && events.size() < BATCH) {
          emitter.complete();
          stop.run();
        }
      } catch (IOException | RuntimeException e) {
        emitter.completeWithError(e);
        stop.run();
      }
    };
    task.set(pollers.scheduleWithFixedDelay(poll, 0, POLL.toMillis(), TimeUnit.MILLISECONDS));
    emitter.onCompletion(stop);
    emitter.onTimeout(stop);
    emitter.onError(e -> stop.run());
    return emitter;
  }

  @Override
  public void destroy() {
    pollers.shutdownNow();
  }
}
