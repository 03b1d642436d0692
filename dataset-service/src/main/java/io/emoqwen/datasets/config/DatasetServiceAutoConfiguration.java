package io.emoqwen.datasets.config;

import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.jobs.JobWorker;
import io.emoqwen.core.jobs.JobWorkers;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.emoqwen.datasets.ingest.IngestHandler;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The dataset role: a worker that claims {@code dataset.*} jobs. Off with {@code emoqwen.roles.datasets.enabled=false}. */
@AutoConfiguration(afterName = "io.emoqwen.core.config.CoreAutoConfiguration")
@ConditionalOnProperty(name = "emoqwen.roles.datasets.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(DatasetServiceProperties.class)
public class DatasetServiceAutoConfiguration {

  @Bean
  IngestHandler datasetIngestHandler(ArtifactStore store, ScopedTransactions transactions, JdbcClient jdbc,
      DatasetServiceProperties properties) {
    return new IngestHandler(store, transactions, jdbc, properties.ingest());
  }

  @Bean
  JobWorker datasetWorker(JobWorkers workers, IngestHandler ingest, DatasetServiceProperties properties) {
    return workers.start("datasets", List.of(ingest), properties.concurrency());
  }
}
