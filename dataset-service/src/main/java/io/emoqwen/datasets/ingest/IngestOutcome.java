package io.emoqwen.datasets.ingest;

/**
 * What an ingest ends with, stored as the job's result and written to the version row in the job's completing
 * transaction.
 *
 * @param state READY or REJECTED
 * @param failure why a rejected version was rejected (null when READY)
 */
public record IngestOutcome(
    String state,
    int records,
    int valid,
    int invalid,
    String manifestKey,
    String manifestSha256,
    String reportKey,
    String reportSha256,
    String statsJson,
    String failure) {}
