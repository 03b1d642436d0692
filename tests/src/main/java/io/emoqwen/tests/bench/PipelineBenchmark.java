package io.emoqwen.tests.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.jobs.Job;
import io.emoqwen.core.jobs.JobState;
import io.emoqwen.core.jobs.JobWorker;
import io.emoqwen.core.testing.TestArtifactStores;
import io.emoqwen.core.testing.TestCore;
import io.emoqwen.core.training.RunPipeline;
import io.emoqwen.core.training.Stage;
import io.emoqwen.core.training.StageDefaults;
import io.emoqwen.core.training.StageSpec;
import io.emoqwen.core.training.TrainingTemplates;
import io.emoqwen.core.training.TrainingTemplates.Template;
import io.emoqwen.inference.evaluation.DfewMetrics;
import io.emoqwen.model.checkpoint.CheckpointReader;
import io.emoqwen.model.config.ModelConfig;
import io.emoqwen.model.demo.DemoData;
import io.emoqwen.model.demo.DemoDataGenerator;
import io.emoqwen.model.demo.DemoEmotion;
import io.emoqwen.model.demo.DemoSpec;
import io.emoqwen.model.demo.DemoSplit;
import io.emoqwen.model.input.ModelInput;
import io.emoqwen.model.nn.EmotionQwen;
import io.emoqwen.model.processor.ModelInputs;
import io.emoqwen.model.processor.ProcessorConfig;
import io.emoqwen.model.processor.TrainingExamples;
import io.emoqwen.model.processor.TrainingRecord;
import io.emoqwen.model.processor.VideoSampling;
import io.emoqwen.model.processor.VisionProcessor;
import io.emoqwen.model.score.LabelScorer;
import io.emoqwen.model.text.QwenTokenizer;
import io.emoqwen.training.data.InMemoryTrainingData;
import io.emoqwen.training.worker.CheckpointFiles;
import io.emoqwen.training.worker.CheckpointRegistry;
import io.emoqwen.training.worker.StageHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The demo-four-stage template end to end: the demo data, the four stages queued as one run (RunPipeline) and
 * trained by the training worker (StageHandler, checkpoints in S3, lineage in PostgreSQL), all in-process on the
 * embedded servers; then label scoring of the held-out clips with the VER checkpoint. Figures: {@code minutes}
 * from queueing to the last stage's success, {@code war}/{@code uar} of the trained checkpoint, and the same
 * figures of the untrained model the first stage starts from ({@code baseline_war}; chance is 1/7), and the WAR
 * of every stage's checkpoint ({@code stage_war}, the last one being {@code war}; scored after the timed part).
 * {@code --quick} trains a quarter of the template's steps: its WAR says little, its timing scales.
 */
public final class PipelineBenchmark implements Benchmark {

  private static final Template TEMPLATE = TrainingTemplates.DEMO_FOUR_STAGE;

  @Override
  public Map<String, Object> run(boolean quick) throws Exception {
    Path work = Files.createTempDirectory("pipeline-bench");
    long started = System.nanoTime();
    DemoData data = new DemoDataGenerator(DemoSpec.standard(7)).writeTo(work.resolve("demo"));
    ProcessorConfig processor = ProcessorConfig.small();
    VisionProcessor vision = new VisionProcessor(processor);
    ModelInputs inputs = new ModelInputs(QwenTokenizer.small());
    TrainingExamples examples = new TrainingExamples(inputs, vision, data.root(), TEMPLATE.modelMaxLength(),
        VideoSampling.defaults(processor));
    InMemoryTrainingData training = new InMemoryTrainingData();
    long seed = 42;
    UUID runId = UUID.randomUUID();
    List<StageSpec> specs = new ArrayList<>();
    for (StageDefaults stage : TEMPLATE.stages()) {
      UUID version = training.register(data, splitOf(stage.stage()), examples);
      StageDefaults sized = quick ? quarter(stage) : stage;
      specs.add(sized.spec(runId, TEMPLATE.modelConfig(), List.of(version), seed + specs.size()));
    }
    List<Held> held = heldOut(data, vision, inputs, processor);
    double prepareSeconds = (System.nanoTime() - started) / 1e9;

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("template", TEMPLATE.name());
    out.put("model", TEMPLATE.modelConfig());
    out.put("steps", specs.stream().mapToInt(StageSpec::maxSteps).boxed().toList());
    out.put("held_out_clips", held.size());
    try (NDManager manager = NDManager.newBaseManager();
        EmotionQwen initial = EmotionQwen.initialise(ModelConfig.named(TEMPLATE.modelConfig()), seed, manager)) {
      DfewMetrics baseline = evaluate(initial, held, inputs);
      out.put("baseline_war", Figures.round(baseline.war(), 3));
      out.put("baseline_uar", Figures.round(baseline.uar(), 3));
    }
    try (TestCore core = TestCore.fresh(Clock.systemUTC())) {
      ArtifactStore store = TestArtifactStores.fresh("pipeline");
      UUID tenant = core.newTenant(4);
      CheckpointRegistry registry = new CheckpointRegistry(core.jdbc);
      long queued = System.nanoTime();
      List<Job> jobs = new RunPipeline(core.queue, core.transactions).enqueue(tenant, specs, "bench");
      try (JobWorker worker = core.worker("training",
          List.of(new StageHandler(training, core.transactions, registry, store, work.resolve("worker"))), 1)) {
        worker.start();
        awaitSuccess(core, tenant, jobs);
      }
      double minutes = (System.nanoTime() - queued) / 6e10;
      long evalStarted = System.nanoTime();
      List<DfewMetrics> stages = new ArrayList<>();
      for (Job job : jobs) {
        stages.add(evaluateOutput(core, tenant, registry, store, job, work.resolve("stage-" + stages.size()), held,
            inputs));
      }
      DfewMetrics metrics = stages.get(stages.size() - 1);
      out.put("minutes", Figures.round(minutes, 3));
      out.put("war", Figures.round(metrics.war(), 3));
      out.put("uar", Figures.round(metrics.uar(), 3));
      out.put("chance_war", Figures.round(1.0 / DfewMetrics.LABELS.size(), 3));
      out.put("war_over_baseline", Figures.round(metrics.war() - (double) out.get("baseline_war"), 3));
      out.put("confusion", metrics.confusion().toMap());
      out.put("stage_war", stages.stream().map(m -> Figures.round(m.war(), 3)).toList());
      out.put("eval_seconds", Figures.round((System.nanoTime() - evalStarted) / 1e9, 3));
    }
    out.put("prepare_seconds", Figures.round(prepareSeconds, 3));
    return out;
  }

  /** Label scoring of the checkpoint a stage job produced, fetched from S3 as a worker would. */
  private static DfewMetrics evaluateOutput(TestCore core, UUID tenant, CheckpointRegistry registry,
      ArtifactStore store, Job job, Path cache, List<Held> held, ModelInputs inputs) throws java.io.IOException {
    CheckpointRegistry.Located output = core.transactions.inTenant(tenant, () -> registry.producedBy(job.id()))
        .orElseThrow();
    Path dir = new CheckpointFiles(store, cache).fetch(tenant, output.id(), output.storagePrefix());
    try (NDManager manager = NDManager.newBaseManager();
        EmotionQwen trained = CheckpointReader.load(dir, DataType.FLOAT32, manager)) {
      return evaluate(trained, held, inputs);
    }
  }

  /** A held-out clip: the prompt its record asks (the classify question with the video) and its true label. */
  record Held(ModelInput prompt, String truth) {}

  static List<Held> heldOut(DemoData data, VisionProcessor vision, ModelInputs inputs, ProcessorConfig processor) {
    List<Held> held = new ArrayList<>();
    for (TrainingRecord record : data.records(DemoSplit.VER_EVAL)) {
      var clip = vision.video(data.root().resolve(record.media().get(0)), VideoSampling.defaults(processor));
      ModelInput prompt = inputs.prompt(List.of(record.messages().get(0)), List.of(clip), TEMPLATE.modelMaxLength());
      held.add(new Held(prompt, data.labelOf(DemoSplit.VER_EVAL, record.id()).label()));
    }
    return held;
  }

  /** Label scoring over DFEW's seven labels: the top-scored label is the prediction (the clean WAR/UAR). */
  static DfewMetrics evaluate(EmotionQwen model, List<Held> held, ModelInputs inputs) {
    List<String> labels = DfewMetrics.LABELS;
    List<int[]> tokens = labels.stream().map(l -> inputs.tokenizer().encode(l)).toList();
    LabelScorer scorer = new LabelScorer(model);
    List<DfewMetrics.Sample> samples = new ArrayList<>();
    for (Held h : held) {
      String scored = labels.get(scorer.score(h.prompt(), tokens).best());
      samples.add(new DfewMetrics.Sample(h.truth(), scored, scored));
    }
    return DfewMetrics.of(samples);
  }

  private static void awaitSuccess(TestCore core, UUID tenant, List<Job> jobs) throws InterruptedException {
    while (true) {
      boolean done = true;
      for (Job job : jobs) {
        Job now = core.queue.get(tenant, job.id());
        if (now.state() == JobState.FAILED || now.state() == JobState.CANCELLED) {
          throw new IllegalStateException("stage job " + job.id() + " ended " + now.state() + ": " + now.error());
        }
        done &= now.state() == JobState.SUCCEEDED;
      }
      if (done) {
        return;
      }
      Thread.sleep(500);
    }
  }

  private static DemoSplit splitOf(Stage stage) {
    return switch (stage) {
      case STAGE1_GENERAL -> DemoSplit.CAPTIONS;
      case STAGE2_EMOTION -> DemoSplit.EMOTION_IMAGES;
      case STAGE3_JOINT -> DemoSplit.JOINT;
      case VER_FINETUNE -> DemoSplit.VER_TRAIN;
    };
  }

  private static StageDefaults quarter(StageDefaults d) {
    return new StageDefaults(d.stage(), d.trainable(), d.lora(), d.learningRate(), d.warmupSteps(),
        Math.max(1, d.maxSteps() / 4), d.batchSize(), d.gradientAccumulation(), d.checkpointEverySteps(),
        d.checkpointEverySeconds(), d.metricsEverySteps(), d.dataset());
  }
}
