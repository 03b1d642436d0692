package io.emoqwen.core.datasets;

import io.emoqwen.core.datasets.ValidationReport.InvalidRecordPolicy;
import io.emoqwen.core.jobs.JobType;
import java.util.UUID;

/**
 * The payload of a {@code dataset.ingest} job: turn the files of one upload session into dataset version
 * {@code versionId}. The gateway creates the version row (PENDING) and enqueues this; dataset-service claims it.
 *
 * @param datasetId the dataset
 * @param versionId the version row to finish
 * @param version its number
 * @param uploadSessionId whose files ({@link DatasetKeys#uploads}) hold the records and media
 * @param format how to read {@code recordsFile}
 * @param recordsFile name of the records file within the session (JSON, JSONL or CSV)
 * @param secondRecordsFile EMER only: the other language's file of the same clips (null otherwise)
 * @param policy reject the version on any invalid record, or keep the valid ones
 * @param processor processor preset whose resize bounds apply: {@code small} (CPU configurations) or {@code qwen}
 * @param fps frames sampled per second of video
 * @param maxPixels per-frame pixel cap (lowers the preset's, never raises it)
 * @param modelMaxLength token limit every record must fit
 */
public record IngestPayload(
    UUID datasetId,
    UUID versionId,
    int version,
    UUID uploadSessionId,
    SourceFormat format,
    String recordsFile,
    String secondRecordsFile,
    InvalidRecordPolicy policy,
    String processor,
    double fps,
    long maxPixels,
    int modelMaxLength) {

  public static final JobType<IngestPayload> TYPE = JobType.of("dataset.ingest", IngestPayload.class);
}
