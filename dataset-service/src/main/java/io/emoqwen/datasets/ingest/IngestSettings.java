package io.emoqwen.datasets.ingest;

import java.nio.file.Path;

/**
 * Limits and places of the ingest worker.
 *
 * @param workDir where uploads are unpacked while a version is ingested (one folder per version, removed after)
 * @param shardTargetBytes a shard is uploaded once it holds about this many bytes
 * @param maxUnpackedBytes most bytes one archive may unpack to
 * @param maxArchiveRatio most unpacked bytes per archive byte (zip bombs are far above)
 * @param maxArchiveEntries most files one archive may hold
 * @param mediaLimits bounds on each medium
 */
public record IngestSettings(Path workDir, long shardTargetBytes, long maxUnpackedBytes, long maxArchiveRatio,
    int maxArchiveEntries, MediaLimits mediaLimits) {

  public static IngestSettings of(Path workDir, long shardTargetBytes, long maxUnpackedBytes, long maxArchiveRatio,
      int maxArchiveEntries, int maxSide, double maxDurationSeconds) {
    return new IngestSettings(workDir, shardTargetBytes, maxUnpackedBytes, maxArchiveRatio, maxArchiveEntries,
        new MediaLimits(maxSide, 200, maxDurationSeconds, 240));
  }
}
