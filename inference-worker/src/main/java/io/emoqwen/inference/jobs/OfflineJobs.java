package io.emoqwen.inference.jobs;

import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.datasets.ReadyDatasetVersions;
import io.emoqwen.core.datasets.ShardCache;
import io.emoqwen.core.jobs.JobHandler;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.emoqwen.inference.config.InferenceProperties;
import io.emoqwen.inference.serving.Replicas;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The inference role's job handlers, built once from the worker's replicas and settings. */
public record OfflineJobs(BatchInferenceHandler batch, EvaluationHandler evaluation) {

  public static OfflineJobs create(JdbcClient jdbc, ScopedTransactions transactions, ArtifactStore store,
      Replicas replicas, InferenceProperties properties) {
    ReadyVersions versions = new ReadyVersions(jdbc, transactions, new ReadyDatasetVersions(jdbc, transactions, store),
        new ShardCache(store, properties.cacheDir().resolve("shards"), properties.shardCacheSize().toBytes()));
    RecordPass pass = new RecordPass(replicas, versions, properties.jobWindow(), properties.maxPromptTokens());
    EmerJudge judge = properties.judge() == null || properties.judge().endpoint() == null ? null
        : new EmerJudge(properties.judge());
    return new OfflineJobs(new BatchInferenceHandler(versions, pass, store),
        new EvaluationHandler(versions, pass, store, jdbc, judge));
  }

  public List<JobHandler<?>> handlers() {
    return List.of(batch, evaluation);
  }
}
