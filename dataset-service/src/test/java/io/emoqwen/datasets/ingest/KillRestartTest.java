package io.emoqwen.datasets.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.emoqwen.core.datasets.DatasetKind;
import io.emoqwen.core.datasets.DatasetManifest;
import io.emoqwen.core.datasets.IngestPayload;
import io.emoqwen.core.datasets.SourceFormat;
import io.emoqwen.core.datasets.ValidationReport.InvalidRecordPolicy;
import io.emoqwen.core.jobs.Job;
import io.emoqwen.core.jobs.JobState;
import io.emoqwen.core.jobs.JobWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KillRestartTest {

  @TempDir Path work;

  @Test
  void aWorkerKilledMidIngestIsReplacedAndTheVersionFinishesOnceWithoutDuplicates() throws Exception {
    try (IngestFixture fixture = new IngestFixture(work)) {
      StringBuilder csv = new StringBuilder("video_name,label\n");
      var upload = fixture.new Upload(DatasetKind.EVAL_CLIPS);
      for (int i = 1; i <= 24; i++) {
        csv.append(i).append(',').append(1 + i % 7).append('\n');
        upload.with(i + ".mp4", TestMedia.clip(96, 72, 20, 5, i));
      }
      upload.with("set.csv", IngestTest.utf8(csv.toString()));
      IngestPayload payload = upload.version(1, SourceFormat.DFEW_CSV, "set.csv", null, InvalidRecordPolicy.REJECT);
      UUID jobId = fixture.core.transactions.inTenant(fixture.tenant, () -> fixture.core.jdbc
          .sql("SELECT id FROM jobs WHERE tenant_id = :t").param("t", fixture.tenant).query(UUID.class).single());

      JobWorker doomed = fixture.core.worker("datasets", List.of(fixture.handler), 1);
      doomed.start();
      Job running = awaitProgress(fixture, jobId, "extracted frames");
      doomed.kill();
      assertThat(running.state()).isEqualTo(JobState.RUNNING);
      assertThat(fixture.row(payload)).containsEntry("state", "INGESTING");

      fixture.clock.advance(Duration.ofMinutes(5));
      assertThat(fixture.core.reaper.runOnce()).isEqualTo(1);
      fixture.clock.advance(Duration.ofMinutes(5));
      JobWorker replacement = fixture.core.worker("datasets", List.of(fixture.handler), 1);
      assertThat(replacement.runOnce()).isEqualTo(1);

      assertThat(fixture.core.queue.get(fixture.tenant, jobId).state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(fixture.row(payload)).containsEntry("state", "READY").containsEntry("valid_count", 24);
      DatasetManifest manifest = fixture.manifest(payload);
      assertThat(manifest.records()).hasSize(24);
      assertThat(manifest.records().stream().map(DatasetManifest.Record::id).distinct()).hasSize(24);
      assertThat(fixture.objectsOf(payload)).hasSize(manifest.shards().size() + 2);
      assertThat(manifest.shards().stream().mapToInt(DatasetManifest.Shard::entries).sum()).isEqualTo(24);
    }
  }

  private static Job awaitProgress(IngestFixture fixture, UUID jobId, String message) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      Job job = fixture.core.queue.get(fixture.tenant, jobId);
      if (job.progressMessage() != null && job.progressMessage().startsWith(message)) {
        return job;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the ingest never reached '" + message + "'");
  }
}
