package io.emoqwen.api.datasets;

import io.emoqwen.api.datasets.UploadSessionRepository.Session;
import io.emoqwen.core.tenancy.ScopedTransactions;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Aborts the multipart uploads of abandoned sessions, so S3 does not keep (and bill) their parts forever. Several
 * gateways may sweep at once: each session is claimed by one (SKIP LOCKED).
 */
@Component
class UploadSweep {

  private static final Logger log = LoggerFactory.getLogger(UploadSweep.class);

  private final UploadSessionRepository sessions;
  private final UploadSessions uploads;
  private final ScopedTransactions transactions;
  private final Clock clock = Clock.systemUTC();

  UploadSweep(UploadSessionRepository sessions, UploadSessions uploads, ScopedTransactions transactions) {
    this.sessions = sessions;
    this.uploads = uploads;
    this.transactions = transactions;
  }

  @Scheduled(initialDelayString = "${emoqwen.datasets.api.sweep-interval-ms:60000}",
      fixedDelayString = "${emoqwen.datasets.api.sweep-interval-ms:60000}")
  void scheduled() {
    try {
      sweep();
    } catch (RuntimeException e) {
      log.warn("upload sweep failed; the next run tries again", e);
    }
  }

  /** Expires overdue open sessions and returns how many. */
  int sweep() {
    int total = 0;
    List<Session> expired;
    do {
      expired = transactions.asSystem(() -> {
        List<Session> batch = sessions.expire(clock.instant(), 100);
        batch.forEach(s -> uploads.discard(s.tenantId(), s.datasetId(), s.id()));
        return batch;
      });
      total += expired.size();
    } while (expired.size() == 100);
    if (total > 0) {
      log.info("expired {} abandoned upload sessions", total);
    }
    return total;
  }
}
