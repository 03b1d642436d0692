package io.emoqwen.training.config;

import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.datasets.ReadyDatasetVersions;
import io.emoqwen.core.datasets.ShardCache;
import io.emoqwen.core.jobs.JobWorker;
import io.emoqwen.core.jobs.JobWorkers;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.emoqwen.model.processor.ModelInputs;
import io.emoqwen.model.text.QwenTokenizer;
import io.emoqwen.training.data.DatasetVersionTrainingData;
import io.emoqwen.training.data.TrainingData;
import io.emoqwen.training.worker.CheckpointRegistry;
import io.emoqwen.training.worker.StageHandler;
import java.util.List;
import java.util.function.Supplier;
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

  /**
   * Samples from READY dataset versions. The tokenizer loads on the first stage, not at start-up: a worker
   * pod that only idles (or a test context) should not pay for it. Tests and the demo replace this bean with
   * an {@code InMemoryTrainingData}.
   */
  @Bean
  @ConditionalOnMissingBean
  TrainingData trainingData(JdbcClient jdbc, ScopedTransactions transactions, ArtifactStore store,
      TrainingProperties properties) {
    Supplier<ModelInputs> inputs = new Supplier<>() {
      private volatile ModelInputs loaded;

      @Override
      public synchronized ModelInputs get() {
        if (loaded == null) {
          loaded = new ModelInputs(QwenTokenizer.small());
        }
        return loaded;
      }
    };
    return new DatasetVersionTrainingData(new ReadyDatasetVersions(jdbc, transactions, store),
        new ShardCache(store, properties.workDir().resolve("dataset-cache").resolve("shards"),
            properties.shardCacheSize().toBytes()),
        inputs);
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
