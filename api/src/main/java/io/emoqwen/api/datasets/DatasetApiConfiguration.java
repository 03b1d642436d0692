package io.emoqwen.api.datasets;

import io.emoqwen.core.artifacts.ArtifactStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Scheduling is on for the upload sweep: a gateway (or the standalone) is the one role that always runs. */
@Configuration
@EnableScheduling
@EnableConfigurationProperties(DatasetApiProperties.class)
class DatasetApiConfiguration {

  private static final Logger log = LoggerFactory.getLogger(DatasetApiConfiguration.class);

  /** Uploads open multipart uploads in the bucket; a gateway alone on fresh storage must find one there. */
  @Bean
  ApplicationRunner datasetBucket(ArtifactStore store) {
    return args -> {
      try {
        store.ensureBucket();
      } catch (RuntimeException e) {
        log.warn("could not check the artifact bucket; uploads fail until it exists: {}", e.getMessage());
      }
    };
  }
}
