package io.emoqwen.training.config;

import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.jobs.JobWorker;
import io.emoqwen.core.jobs.JobWorkers;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.emoqwen.training.data.InMemoryTrainingData;
import io.emoqwen.training.data.TrainingData;
import io.emoqwen.training.worker.CheckpointRegistry;
import io.emoqwen.training.worker.StageHandler;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The training role: a worker that claims {@code training.stage} jobs. Off with {@code emoqwen.roles.training.enabled=false}. */
@AutoConfiguration(afterName = "io.emoqwen.core.config.CoreAutoConfiguration")
@ConditionalOnProperty(name = "emoqwen.roles.training.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(TrainingProperties.class)
public class TrainingAutoConfiguration {

  /** Until dataset manifests are read here, samples registered in memory (the demo data). */
  @Bean
  @ConditionalOnMissingBean
  TrainingData trainingData() {
    return new InMemoryTrainingData();
  }

  @Bean
  StageHandler trainingStageHandler(TrainingData data, ScopedTransactions transactions, JdbcClient jdbc,
      ArtifactStore store, TrainingProperties properties) {
    return new StageHandler(data, transactions, new CheckpointRegistry(jdbc), store, properties.workDir());
  }

  @Bean
  JobWorker trainingWorker(JobWorkers workers, StageHandler handler, TrainingProperties properties) {
    return workers.start("training", List.of(handler), properties.concurrency());
  }
}
