package io.emoqwen.training.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The training role's settings.
 *
 * @param workDir local scratch: checkpoint cache and per-job folders (default {@code data/training})
 * @param concurrency stages one worker runs at once (training saturates a device, so 1)
 */
@ConfigurationProperties("emoqwen.training")
public record TrainingProperties(Path workDir, Integer concurrency) {

  public TrainingProperties {
    workDir = workDir == null ? Path.of("data", "training") : workDir;
    concurrency = concurrency == null ? 1 : concurrency;
  }
}
