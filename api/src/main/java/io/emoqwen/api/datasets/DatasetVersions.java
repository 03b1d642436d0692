package io.emoqwen.api.datasets;

import io.emoqwen.api.datasets.VersionRepository.Version;
import io.emoqwen.api.errors.ApiException;
import io.emoqwen.core.artifacts.ArtifactKey;
import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.datasets.DatasetKeys;
import io.emoqwen.core.datasets.DatasetManifest;
import io.emoqwen.core.datasets.DatasetManifests;
import io.emoqwen.core.datasets.IngestPayload;
import io.emoqwen.core.datasets.SourceFormat;
import io.emoqwen.core.datasets.ValidationReport.InvalidRecordPolicy;
import io.emoqwen.core.jobs.Job;
import io.emoqwen.core.jobs.JobQueue;
import io.emoqwen.core.jobs.NewJob;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Dataset versions: created PENDING with their ingest job, read back once the worker finished them. */
@Service
class DatasetVersions {

  private final VersionRepository versions;
  private final UploadSessionRepository sessions;
  private final UploadSessions uploads;
  private final JobQueue queue;
  private final ArtifactStore store;

  DatasetVersions(VersionRepository versions, UploadSessionRepository sessions, UploadSessions uploads, JobQueue queue,
      ArtifactStore store) {
    this.versions = versions;
    this.sessions = sessions;
    this.uploads = uploads;
    this.queue = queue;
    this.store = store;
  }

  /** What to ingest and how; {@code direct} holds inline records files when there is no upload session. */
  record Source(UUID uploadSessionId, Map<String, byte[]> direct, SourceFormat format, String recordsFile,
      String secondRecordsFile, InvalidRecordPolicy policy, String processor, double fps, long maxPixels,
      int modelMaxLength) {}

  record Created(Version version, UUID jobId) {}

  /** Runs inside the tenant's transaction: the row and the job commit together or not at all. */
  Created create(UUID tenantId, UUID datasetId, String actor, UUID createdBy, Source source, String idempotencyKey) {
    return create(tenantId, datasetId, actor, createdBy, source, idempotencyKey, 0);
  }

  /** As above, with the ingest job's queue priority (higher is claimed first). */
  Created create(UUID tenantId, UUID datasetId, String actor, UUID createdBy, Source source, String idempotencyKey,
      int priority) {
    UUID sessionId = source.uploadSessionId();
    if (sessionId == null) {
      sessionId = uploads.direct(tenantId, datasetId, createdBy, source.direct());
    } else {
      var session = sessions.find(tenantId, datasetId, sessionId)
          .orElseThrow(() -> ApiException.badRequest("uploadSessionId: no upload session " + source.uploadSessionId()
              + " in this dataset"));
      if (!session.state().equals("COMPLETED")) {
        throw ApiException.conflict("uploadSessionId: the upload session is " + session.state() + ", not COMPLETED");
      }
    }
    List<String> names = sessions.files(tenantId, sessionId).stream().map(UploadSessionRepository.File::name).toList();
    requireFile(names, source.recordsFile(), "recordsFile");
    if (source.secondRecordsFile() != null) {
      requireFile(names, source.secondRecordsFile(), "secondRecordsFile");
    }
    int number = versions.next(tenantId, datasetId);
    UUID id = UUID.randomUUID();
    versions.insert(tenantId, id, datasetId, number, source.format().wireName(), source.policy().wireName(), sessionId);
    IngestPayload payload = new IngestPayload(datasetId, id, number, sessionId, source.format(), source.recordsFile(),
        source.secondRecordsFile(), source.policy(), source.processor(), source.fps(), source.maxPixels(),
        source.modelMaxLength());
    NewJob<IngestPayload> job = NewJob.of(tenantId, IngestPayload.TYPE, payload).withPriority(priority).createdBy(actor);
    if (idempotencyKey != null) {
      job = job.withIdempotencyKey("createDatasetVersion:" + idempotencyKey);
    }
    Job enqueued = queue.enqueue(job);
    versions.ingestJob(tenantId, id, enqueued.id());
    return new Created(versions.find(tenantId, datasetId, number).orElseThrow(), enqueued.id());
  }

  Version find(UUID tenantId, UUID datasetId, int version) {
    return versions.find(tenantId, datasetId, version).orElseThrow(() -> ApiException.notFound("dataset version"));
  }

  /** Refused while a job uses the version; otherwise the row goes, then every object under its prefix. */
  void delete(UUID tenantId, UUID datasetId, int number) {
    Version version = find(tenantId, datasetId, number);
    List<UUID> jobs = versions.jobsUsing(tenantId, version.id());
    if (!jobs.isEmpty()) {
      throw ApiException.conflict("the version is in use by job(s) " + jobs + "; cancel them or wait");
    }
    versions.delete(tenantId, version.id());
    store.deleteAll(DatasetKeys.version(tenantId, datasetId, number));
  }

  record MediaPreview(String name, boolean video, int width, int height, double durationSeconds, URI previewUrl) {}

  record RecordView(String id, int index, String label, Map<String, DatasetManifest.Text> texts,
      List<DatasetManifest.Turn> conversations, List<MediaPreview> media) {}

  record RecordPage(List<RecordView> records, String nextCursor) {}

  /**
   * A page of the version's valid records, from the manifest. The cursor is the index in the manifest of the
   * next record; preview links point at the uploaded originals (archive members have none to point at).
   */
  RecordPage records(UUID tenantId, Version version, String cursor, int limit) {
    if (!version.state().equals("READY")) {
      throw ApiException.conflict("the version is " + version.state() + "; records are listed once it is READY");
    }
    int from = parseCursor(cursor);
    DatasetManifest manifest;
    try (InputStream in = store.open(DatasetKeys.manifest(tenantId, version.datasetId(), version.version()))) {
      manifest = DatasetManifests.read(in);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    ArtifactKey uploaded = version.uploadSessionId() == null ? null
        : DatasetKeys.uploads(tenantId, version.datasetId(), version.uploadSessionId());
    List<DatasetManifest.Record> all = manifest.records();
    int to = Math.min(all.size(), from + limit);
    List<RecordView> page = all.subList(Math.min(from, to), to).stream().map(r -> new RecordView(r.id(), r.index(),
        r.label(), r.texts(), r.conversations(), r.media().stream().map(m -> new MediaPreview(m.name(), m.video(),
            m.width(), m.height(), m.durationSeconds(), preview(uploaded, m.name()))).toList())).toList();
    return new RecordPage(page, to < all.size() ? Integer.toString(to) : null);
  }

  private URI preview(ArtifactKey uploaded, String name) {
    if (uploaded == null) {
      return null;
    }
    try {
      return URI.create(store.presignGet(uploaded.child(name)).url().toString());
    } catch (ArtifactKey.InvalidArtifactKey e) {
      return null;
    }
  }

  /** The validation report's bytes; the caller streams and closes them. */
  InputStream report(UUID tenantId, Version version) {
    if (version.reportSha256() == null) {
      throw ApiException.notFound("validation report");
    }
    return store.open(DatasetKeys.validationReport(tenantId, version.datasetId(), version.version()));
  }

  String stats(UUID tenantId, Version version) {
    return versions.stats(tenantId, version.id());
  }

  private static int parseCursor(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return 0;
    }
    try {
      int from = Integer.parseInt(cursor);
      if (from < 0) {
        throw new NumberFormatException();
      }
      return from;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("cursor: not a cursor this API handed out");
    }
  }

  private static void requireFile(List<String> names, String name, String field) {
    if (!names.contains(name)) {
      throw ApiException.badRequest(field + ": the upload holds no file '" + name + "'");
    }
  }
}
