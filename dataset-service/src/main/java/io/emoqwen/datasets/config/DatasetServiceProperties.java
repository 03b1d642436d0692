package io.emoqwen.datasets.config;

import io.emoqwen.datasets.ingest.IngestSettings;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code emoqwen.datasets.*}: the dataset worker's settings, defaults here and nowhere else.
 *
 * @param concurrency ingest jobs one worker runs at once (each decodes video on one core)
 * @param workDir where uploads are unpacked during ingest
 * @param shardTargetBytes size at which a training-ready shard is cut
 * @param maxUnpackedBytes most bytes an archive may unpack to
 * @param maxArchiveRatio most unpacked bytes per archive byte
 * @param maxArchiveEntries most files per archive
 * @param maxSide longest side of an image or video frame
 * @param maxDurationSeconds longest video
 */
@ConfigurationProperties("emoqwen.datasets")
public record DatasetServiceProperties(
    @DefaultValue("1") int concurrency,
    @DefaultValue("${java.io.tmpdir}/emoqwen-ingest") Path workDir,
    @DefaultValue("16777216") long shardTargetBytes,
    @DefaultValue("4294967296") long maxUnpackedBytes,
    @DefaultValue("100") long maxArchiveRatio,
    @DefaultValue("100000") int maxArchiveEntries,
    @DefaultValue("8192") int maxSide,
    @DefaultValue("600") double maxDurationSeconds) {

  public IngestSettings ingest() {
    return IngestSettings.of(workDir, shardTargetBytes, maxUnpackedBytes, maxArchiveRatio, maxArchiveEntries, maxSide,
        maxDurationSeconds);
  }
}
