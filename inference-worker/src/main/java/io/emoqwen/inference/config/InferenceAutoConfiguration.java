package io.emoqwen.inference.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.config.CoreAutoConfiguration;
import io.emoqwen.core.jobs.JobWorker;
import io.emoqwen.core.jobs.JobWorkers;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.emoqwen.core.workers.WorkerRegistry;
import io.emoqwen.inference.cache.CheckpointCache;
import io.emoqwen.inference.http.InferenceHttpConfiguration;
import io.emoqwen.inference.http.WorkerIdentity;
import io.emoqwen.inference.http.WorkerRegistration;
import io.emoqwen.inference.jobs.OfflineJobs;
import io.emoqwen.inference.media.MediaPreprocessor;
import io.emoqwen.inference.serving.BatchScheduler;
import io.emoqwen.inference.serving.InferenceService;
import io.emoqwen.inference.serving.Replicas;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The inference role: on in every JVM that has this module unless {@code emoqwen.roles.inference.enabled=false}
 * (the standalone gateway runs it in-process; the cluster runs it as its own Deployment).
 */
@AutoConfiguration(after = CoreAutoConfiguration.class)
@ConditionalOnProperty(name = "emoqwen.roles.inference.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(InferenceProperties.class)
@Import(InferenceHttpConfiguration.class)
public class InferenceAutoConfiguration {

  @Bean
  CheckpointCache checkpointCache(ArtifactStore store, InferenceProperties properties) {
    return new CheckpointCache(store, properties.cacheDir(), properties.cacheSize().toBytes());
  }

  @Bean(destroyMethod = "close")
  Replicas inferenceReplicas(CheckpointCache cache, InferenceProperties properties) {
    return new Replicas(cache, model -> new BatchScheduler.Limits(256, properties.maxQueue(),
        Math.max(1, properties.kvCacheMemory().toBytes() / model.kvBytesPerToken())), properties.maxLoadedModels());
  }

  @Bean(destroyMethod = "close")
  MediaPreprocessor mediaPreprocessor(InferenceProperties properties) {
    return new MediaPreprocessor(properties.preprocessThreads());
  }

  @Bean
  InferenceService inferenceService(Replicas replicas, MediaPreprocessor preprocessor, InferenceProperties properties) {
    return new InferenceService(replicas, preprocessor, properties.maxPromptTokens(), properties.requestTimeout());
  }

  @Bean
  OfflineJobs offlineInferenceJobs(JdbcClient jdbc, ScopedTransactions transactions, ArtifactStore store,
      Replicas replicas, InferenceProperties properties) {
    return OfflineJobs.create(jdbc, transactions, store, replicas, properties);
  }

  /** Claims inference.batch and inference.evaluate jobs; they share this worker's replicas with live traffic. */
  @Bean
  JobWorker inferenceJobWorker(JobWorkers workers, OfflineJobs jobs, InferenceProperties properties) {
    return workers.start("inference", jobs.handlers(), properties.jobConcurrency());
  }

  @Bean
  WorkerIdentity inferenceWorkerIdentity() {
    return WorkerIdentity.create();
  }

  @Bean(destroyMethod = "close")
  WorkerRegistration inferenceWorkerRegistration(WorkerRegistry registry, WorkerIdentity identity, Replicas replicas,
      InferenceProperties properties) {
    return new WorkerRegistration(registry, identity, replicas, properties.advertisedHost(), properties.heartbeat());
  }

  /** Graceful drain, before the web server stops: leave the registry, then let running requests finish. */
  @Bean
  SmartLifecycle inferenceDrain(WorkerRegistration registration, Replicas replicas, InferenceProperties properties) {
    return new SmartLifecycle() {
      private volatile boolean running;

      @Override
      public void start() {
        running = true;
      }

      @Override
      public void stop() {
        registration.close();
        replicas.drain(properties.drainTimeout());
        running = false;
      }

      @Override
      public boolean isRunning() {
        return running;
      }
    };
  }
}
