package io.emoqwen.training.worker;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.jobs.JobContext;
import io.emoqwen.core.jobs.JobExceptions.PermanentFailure;
import io.emoqwen.core.jobs.JobHandler;
import io.emoqwen.core.jobs.JobType;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.emoqwen.model.checkpoint.CheckpointReader;
import io.emoqwen.model.checkpoint.CheckpointWriter;
import io.emoqwen.model.checkpoint.TensorType;
import io.emoqwen.model.config.ModelConfig;
import io.emoqwen.model.input.ModelInput;
import io.emoqwen.model.nn.EmotionQwen;
import io.emoqwen.model.nn.ParameterGroup;
import io.emoqwen.model.train.LoraAdapters;
import io.emoqwen.model.train.StepMetrics;
import io.emoqwen.model.train.Trainer;
import io.emoqwen.model.train.TrainingConfig;
import io.emoqwen.training.data.TrainingData;
import io.emoqwen.core.training.StageJobs;
import io.emoqwen.core.training.StageSpec;
import io.emoqwen.core.training.TrainableGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Runs one training stage: fetch the input checkpoint, resume from the stage's latest saved state if an earlier
 * attempt left one, train with metrics and cancellation at step boundaries, save resumable state every N steps
 * or M seconds, then publish the output checkpoint and register it (with lineage) exactly once.
 */
public final class StageHandler implements JobHandler<StageSpec> {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final TrainingData data;
  private final ScopedTransactions transactions;
  private final CheckpointRegistry registry;
  private final CheckpointFiles checkpoints;
  private final ProgressStore progress;
  private final Path workRoot;

  public StageHandler(TrainingData data, ScopedTransactions transactions, CheckpointRegistry registry,
      ArtifactStore store, Path workRoot) {
    this.data = data;
    this.transactions = transactions;
    this.registry = registry;
    this.checkpoints = new CheckpointFiles(store, workRoot.resolve("checkpoint-cache"));
    this.progress = new ProgressStore(store);
    this.workRoot = workRoot;
  }

  @Override
  public JobType<StageSpec> type() {
    return StageJobs.TRAINING_STAGE;
  }

  /** The output checkpoint's id: derived from the job, so every attempt writes to the same place. */
  public static UUID outputCheckpointId(UUID jobId) {
    return UUID.nameUUIDFromBytes(("training-output:" + jobId).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public Object handle(StageSpec spec, JobContext context) throws Exception {
    UUID tenant = context.job().tenantId();
    UUID jobId = context.job().id();
    Path work = Files.createDirectories(workRoot.resolve("jobs").resolve(jobId + "-" + context.job().attempt()));
    try (NDManager manager = NDManager.newBaseManager()) {
      CheckpointRegistry.Located input = inputOf(spec, tenant);
      EmotionQwen model = input == null
          ? EmotionQwen.initialise(ModelConfig.named(spec.modelConfig()), spec.seed(), manager)
          : CheckpointReader.load(checkpoints.fetch(tenant, input.id(), input.storagePrefix()), DataType.FLOAT32, manager);
      List<ModelInput> samples = data.samples(tenant, spec.datasetVersionIds());
      SampleOrder order = new SampleOrder(samples.size(), spec.seed());
      TrainingConfig config = configOf(spec);
      Map<String, Object> finalMetrics;
      try (Trainer trainer = new Trainer(model, config)) {
        var saved = progress.latest(tenant, jobId);
        if (saved.isPresent()) {
          Path state = work.resolve("resume");
          progress.download(tenant, jobId, saved.get(), state);
          trainer.restoreState(state);
          context.log("resumed from the checkpoint at step " + trainer.optimizerSteps() + " (attempt "
              + context.job().attempt() + ")");
        } else {
          context.log("starting " + spec.stage().wireName() + " on " + samples.size() + " samples from "
              + (input == null ? "a fresh " + spec.modelConfig() : "checkpoint " + input.id()));
        }
        finalMetrics = train(spec, context, trainer, samples, order, work);
      }
      if (spec.lora()) {
        LoraAdapters.merge(model);
      }
      UUID outputId = outputCheckpointId(jobId);
      Path out = work.resolve("output");
      CheckpointWriter.of(TensorType.F32).write(model, out, null, List.of());
      Files.writeString(out.resolve("README.md"), ModelCard.of(spec, outputId, input, finalMetrics));
      long size = checkpoints.publish(tenant, outputId, out);
      model.close();
      context.log("registered checkpoint " + outputId);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("checkpointId", outputId.toString());
      result.put("parentCheckpointId", input == null ? null : input.id().toString());
      result.put("modelConfig", model.config().name());
      result.put("sizeBytes", size);
      result.put("metrics", finalMetrics);
      return result;
    } finally {
      deleteQuietly(work);
    }
  }

  @Override
  public void commitWithSuccess(StageSpec spec, Object result, JobContext context) {
    @SuppressWarnings("unchecked")
    Map<String, Object> r = (Map<String, Object>) result;
    Object parent = r.get("parentCheckpointId");
    try {
      registry.register(context.job().tenantId(), new CheckpointRegistry.Output(
          UUID.fromString((String) r.get("checkpointId")),
          spec.stage().wireName() + "-" + context.job().id(),
          (String) r.get("modelConfig"),
          parent == null ? null : UUID.fromString((String) parent),
          context.job().id(),
          spec.stage().wireName(),
          spec.datasetVersionIds(),
          JSON.writeValueAsString(spec),
          JSON.writeValueAsString(r.get("metrics")),
          ((Number) r.get("sizeBytes")).longValue()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private CheckpointRegistry.Located inputOf(StageSpec spec, UUID tenant) {
    if (spec.inputCheckpointId() != null) {
      return transactions.inTenant(tenant, () -> registry.byId(spec.inputCheckpointId()));
    }
    if (spec.inputFromJobId() != null) {
      return transactions.inTenant(tenant, () -> registry.producedBy(spec.inputFromJobId()))
          .orElseThrow(() -> new PermanentFailure("stage job " + spec.inputFromJobId() + " registered no checkpoint"));
    }
    return null;
  }

  static TrainingConfig configOf(StageSpec spec) {
    Set<ParameterGroup> trainable = groupsOf(spec.trainable());
    TrainingConfig config = spec.lora()
        ? TrainingConfig.lora(trainable, spec.maxSteps())
        : TrainingConfig.full(trainable, spec.learningRate(), spec.maxSteps());
    return config.withSchedule(spec.learningRate(), spec.warmupSteps(), spec.maxSteps())
        .withAccumulation(spec.gradientAccumulation());
  }

  /** The payload names groups by core's mirror of the model's enum (the API cannot load the model library). */
  static Set<ParameterGroup> groupsOf(Set<TrainableGroup> groups) {
    Set<ParameterGroup> out = EnumSet.noneOf(ParameterGroup.class);
    for (TrainableGroup group : groups) {
      out.add(ParameterGroup.valueOf(group.name()));
    }
    return out;
  }

  private Map<String, Object> train(StageSpec spec, JobContext context, Trainer trainer, List<ModelInput> samples,
      SampleOrder order, Path work) throws Exception {
    MetricWindow window = new MetricWindow();
    long lastSave = System.nanoTime();
    Map<String, Object> last = Map.of();
    while (trainer.optimizerSteps() < spec.maxSteps()) {
      List<ModelInput> batch = new ArrayList<>(spec.batchSize());
      for (int i : order.batch(trainer.microSteps(), spec.batchSize())) {
        batch.add(samples.get(i));
      }
      long started = System.nanoTime();
      StepMetrics step = trainer.step(batch);
      window.add(step, batch.size(), System.nanoTime() - started);
      stopIfInterrupted();
      context.checkCancelled();
      if (!step.applied()) {
        continue;
      }
      int done = step.optimizerStep();
      if (done % spec.metricsEverySteps() == 0 || done == spec.maxSteps()) {
        last = window.drain(done, context.job().attempt());
        context.metrics(last);
        context.progress((double) done / spec.maxSteps(), "step " + done + " of " + spec.maxSteps());
      }
      boolean byStep = spec.checkpointEverySteps() > 0 && done % spec.checkpointEverySteps() == 0;
      boolean byTime = spec.checkpointEverySeconds() > 0
          && System.nanoTime() - lastSave > spec.checkpointEverySeconds() * 1_000_000_000L;
      if ((byStep || byTime) && done < spec.maxSteps()) {
        Path state = work.resolve("state-" + done);
        trainer.saveState(state);
        stopIfInterrupted();
        progress.save(context.job().tenantId(), context.job().id(), done, state);
        deleteQuietly(state);
        lastSave = System.nanoTime();
        context.log("saved a resumable checkpoint at step " + done);
      }
    }
    return last;
  }

  /** A killed worker interrupts its handlers: stop before writing anything more. */
  private static void stopIfInterrupted() throws InterruptedException {
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedException("the worker is stopping");
    }
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temp folder costs disk, not correctness
    }
  }
}
