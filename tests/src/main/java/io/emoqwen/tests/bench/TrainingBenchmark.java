package io.emoqwen.tests.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.emoqwen.core.training.Stage;
import io.emoqwen.core.training.StageDefaults;
import io.emoqwen.core.training.TrainingTemplates;
import io.emoqwen.model.checkpoint.CheckpointReader;
import io.emoqwen.model.checkpoint.CheckpointWriter;
import io.emoqwen.model.checkpoint.TensorType;
import io.emoqwen.model.config.ModelConfig;
import io.emoqwen.model.config.TextConfig;
import io.emoqwen.model.demo.DemoData;
import io.emoqwen.model.demo.DemoDataGenerator;
import io.emoqwen.model.demo.DemoSpec;
import io.emoqwen.model.demo.DemoSplit;
import io.emoqwen.model.input.ModelInput;
import io.emoqwen.model.input.VisualInput;
import io.emoqwen.model.nn.EmotionQwen;
import io.emoqwen.model.nn.ParameterGroup;
import io.emoqwen.model.processor.ModelInputs;
import io.emoqwen.model.processor.ProcessorConfig;
import io.emoqwen.model.processor.TrainingExamples;
import io.emoqwen.model.processor.TrainingRecord;
import io.emoqwen.model.processor.VideoSampling;
import io.emoqwen.model.processor.VisionProcessor;
import io.emoqwen.model.text.QwenTokenizer;
import io.emoqwen.model.train.Trainer;
import io.emoqwen.model.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * emotion-qwen-small training steps on the CPU, with the demo-four-stage template's joint stage (both experts,
 * the gate and the llm trained in full) on its demo data:
 * <ul>
 *   <li>{@code samples_per_s}, and the steps' model FLOP/s as a ratio of DJL's large-matmul FLOP/s measured in
 *       the same run ({@code mfu_ratio}). Model FLOPs count each weight's multiply-adds: frozen parts forward only
 *       (2 per weight and use), trained parts forward and backward (6), the llm's attention squares, and lm_head
 *       where the loss is taken (it is frozen: forward plus the gradient of its input).</li>
 *   <li>{@code ckpt_ratio}: the time to write and read back the same bytes raw, over the time to save and restore
 *       a checkpoint with the trainer's resumable state (safetensors writer and reader, optimizer moments); 1.0
 *       means checkpointing costs no more than its I/O.</li>
 * </ul>
 */
public final class TrainingBenchmark implements Benchmark {

  @Override
  public Map<String, Object> run(boolean quick) throws Exception {
    StageDefaults joint = TrainingTemplates.DEMO_FOUR_STAGE.stage(Stage.STAGE3_JOINT).orElseThrow();
    int records = quick ? 24 : 64;
    int steps = quick ? 6 : 20;
    Path work = Files.createTempDirectory("training-bench");
    DemoData data = new DemoDataGenerator(DemoSpec.standard(7).withCounts(0, 0, records, 0, 0)).writeTo(work.resolve("demo"));
    ProcessorConfig processor = ProcessorConfig.small();
    TrainingExamples examples = new TrainingExamples(new ModelInputs(QwenTokenizer.small()), new VisionProcessor(processor),
        data.root(), TrainingTemplates.DEMO_FOUR_STAGE.modelMaxLength(), VideoSampling.defaults(processor));
    List<ModelInput> samples = new ArrayList<>();
    for (TrainingRecord record : data.records(DemoSplit.JOINT)) {
      samples.add(examples.build(record));
    }
    Set<ParameterGroup> trained = EnumSet.noneOf(ParameterGroup.class);
    joint.trainable().forEach(g -> trained.add(ParameterGroup.valueOf(g.name())));
    TrainingConfig config = TrainingConfig.full(trained, joint.learningRate(), 1000);
    int batch = joint.batchSize();

    Map<String, Object> out = new LinkedHashMap<>();
    try (NDManager manager = NDManager.newBaseManager();
        EmotionQwen model = EmotionQwen.initialise(ModelConfig.named("emotion-qwen-small"), 1, manager)) {
      Map<ParameterGroup, Long> sizes = groupSizes(model);
      double seconds = 0;
      double flops = 0;
      double matmul = 0;
      try (Trainer trainer = new Trainer(model, config)) {
        trainer.step(batchAt(samples, 0, batch));
        trainer.step(batchAt(samples, 1, batch));
        for (int s = 0; s < steps; s++) {
          List<ModelInput> inputs = batchAt(samples, s + 2, batch);
          long start = System.nanoTime();
          trainer.step(inputs);
          seconds += (System.nanoTime() - start) / 1e9;
          flops += stepFlops(model.config(), sizes, trained, inputs);
          // the machine is shared: the reference product is timed between steps, and its best run is kept
          if (s % Math.max(1, steps / 3) == 0) {
            matmul = Math.max(matmul, MatmulPeak.gflops(manager, quick ? 1024 : 2048));
          }
        }
        out.put("config", "emotion-qwen-small");
        out.put("recipe", "demo-four-stage " + Stage.STAGE3_JOINT.wireName() + ", batch " + batch);
        out.put("steps", steps);
        out.put("samples_per_s", Figures.round(steps * batch / seconds, 3));
        out.put("model_gflops", Figures.round(flops / seconds / 1e9, 3));
        out.put("matmul_gflops", Figures.round(matmul, 3));
        out.put("mfu_ratio", Figures.round(flops / seconds / 1e9 / matmul, 3));
        out.putAll(checkpointFigures(model, trainer, config, work));
      }
    }
    return out;
  }

  private static Map<String, Object> checkpointFigures(EmotionQwen model, Trainer trainer, TrainingConfig config,
      Path work) throws IOException {
    double best = Double.MAX_VALUE;
    double bestRaw = Double.MAX_VALUE;
    long bytes = 0;
    for (int round = 0; round < 3; round++) {
      Path checkpoint = work.resolve("checkpoint-" + round);
      Path state = work.resolve("state-" + round);
      long start = System.nanoTime();
      CheckpointWriter.of(TensorType.F32).write(model, checkpoint, null, List.of());
      trainer.saveState(state);
      try (NDManager manager = NDManager.newBaseManager();
          EmotionQwen restored = CheckpointReader.load(checkpoint, DataType.FLOAT32, manager);
          Trainer resumed = new Trainer(restored, config)) {
        resumed.restoreState(state);
      }
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
      List<Path> files = filesUnder(checkpoint, state);
      bytes = 0;
      List<byte[]> contents = new ArrayList<>();
      for (Path file : files) {
        contents.add(Files.readAllBytes(file));
        bytes += contents.get(contents.size() - 1).length;
      }
      Path raw = Files.createDirectories(work.resolve("raw-" + round));
      long rawStart = System.nanoTime();
      for (int i = 0; i < contents.size(); i++) {
        Files.write(raw.resolve("f" + i), contents.get(i));
      }
      for (int i = 0; i < contents.size(); i++) {
        Files.readAllBytes(raw.resolve("f" + i));
      }
      bestRaw = Math.min(bestRaw, (System.nanoTime() - rawStart) / 1e9);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ckpt_bytes", bytes);
    out.put("ckpt_seconds", Figures.round(best, 3));
    out.put("raw_io_seconds", Figures.round(bestRaw, 3));
    out.put("ckpt_ratio", Figures.round(bestRaw / best, 3));
    return out;
  }

  private static List<Path> filesUnder(Path... dirs) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path dir : dirs) {
      try (Stream<Path> walk = Files.walk(dir)) {
        files.addAll(walk.filter(Files::isRegularFile).sorted().toList());
      }
    }
    return files;
  }

  private static List<ModelInput> batchAt(List<ModelInput> samples, int step, int batch) {
    List<ModelInput> out = new ArrayList<>(batch);
    for (int i = 0; i < batch; i++) {
      out.add(samples.get((step * batch + i) % samples.size()));
    }
    return out;
  }

  private static Map<ParameterGroup, Long> groupSizes(EmotionQwen model) {
    Map<ParameterGroup, Long> sizes = new EnumMap<>(ParameterGroup.class);
    model.weights().all().forEach((name, array) -> sizes.merge(ParameterGroup.of(name), array.size(), Long::sum));
    return sizes;
  }

  /** Model FLOPs of one training step on these samples (see the class comment for what counts). */
  static double stepFlops(ModelConfig config, Map<ParameterGroup, Long> sizes, Set<ParameterGroup> trained,
      List<ModelInput> batch) {
    TextConfig t = config.text();
    double flops = 0;
    for (ModelInput input : batch) {
      long patches = input.visuals().stream().mapToLong(VisualInput::patchCount).sum();
      long merged = input.visuals().stream().mapToLong(VisualInput::tokenCount).sum();
      long tokens = input.inputIds().length;
      long targets = 0;
      for (int i = 1; i < input.labels().length; i++) {
        targets += input.labels()[i] == ModelInput.IGNORE ? 0 : 1;
      }
      flops += factor(trained, ParameterGroup.VPM) * size(sizes, ParameterGroup.VPM) * patches;
      for (ParameterGroup g : List.of(ParameterGroup.GENERALCOMPRESSOR, ParameterGroup.EMOTIONCOMPRESSOR, ParameterGroup.GATENET)) {
        flops += factor(trained, g) * size(sizes, g) * merged;
      }
      double attention = 2.0 * 2 * tokens * tokens * t.hiddenSize() * t.numLayers();
      boolean llm = trained.contains(ParameterGroup.LLM);
      flops += factor(trained, ParameterGroup.LLM) * size(sizes, ParameterGroup.LLM) * tokens + (llm ? 3 : 1) * attention;
      flops += (trained.contains(ParameterGroup.LM_HEAD) ? 6.0 : 4.0) * t.hiddenSize() * t.vocabSize() * targets;
    }
    return flops;
  }

  private static double factor(Set<ParameterGroup> trained, ParameterGroup group) {
    return trained.contains(group) ? 6.0 : 2.0;
  }

  private static double size(Map<ParameterGroup, Long> sizes, ParameterGroup group) {
    return sizes.getOrDefault(group, 0L);
  }
}
