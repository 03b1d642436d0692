package io.emoqwen.training.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The training role's settings.
 *
 * @param workDir local scratch: checkpoint cache and per-job folders (default {@code data/training})
 * @param concurrency stages one worker runs at once (training saturates a device, so 1)
 * @param shardCacheSize local copies of dataset shards beyond this are deleted, least recently read first
 *     (default 20GB)
 */
@ConfigurationProperties("emoqwen.training")
public record TrainingProperties(Path workDir, Integer concurrency, DataSize shardCacheSize) {

  public TrainingProperties {
    workDir = workDir == null ? Path.of("data", "training") : workDir;
    concurrency = concurrency == null ? 1 : concurrency;
    shardCacheSize = shardCacheSize == null ? DataSize.ofGigabytes(20) : shardCacheSize;
  }
}
