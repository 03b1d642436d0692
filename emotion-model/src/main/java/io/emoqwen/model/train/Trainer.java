package io.emoqwen.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.ndarray.NDList;
import io.emoqwen.model.input.ModelInput;
import io.emoqwen.model.nn.DecoderInput;
import io.emoqwen.model.nn.EmotionQwen;
import io.emoqwen.model.nn.ParameterGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a model one micro-batch at a time: language-model loss on assistant tokens only (labels other
 * than -100, shifted by one as transformers does), explicit padding masks, frozen groups, optional LoRA,
 * AdamW with a cosine schedule, gradient accumulation and global-norm clipping.
 */
public final class Trainer implements AutoCloseable {

  public static final String OPTIMIZER_FILE = "optimizer.safetensors";
  public static final String STATE_FILE = "trainer_state.json";
  public static final String TRAINED_FILE = "trained.safetensors";

  private final EmotionQwen model;
  private final TrainingConfig config;
  private final CosineSchedule schedule;
  private final AdamW optimizer;
  private final Map<String, NDArray> trainable = new LinkedHashMap<>();
  private int microSteps;
  private int optimizerSteps;
  private int skippedUpdates;

  public Trainer(EmotionQwen model, TrainingConfig config) {
    this.model = model;
    this.config = config;
    this.schedule = new CosineSchedule(config.learningRate(), config.warmupSteps(), config.totalSteps());
    this.optimizer = new AdamW(config.beta1(), config.beta2(), config.epsilon(), config.weightDecay());
    List<String> adapters =
        config.lora() == null ? List.of() : LoraAdapters.attach(model, config.lora(), config.seed());
    model.weights().all().forEach((name, tensor) -> {
      boolean train = adapters.contains(name)
          || (!name.contains(".lora_") && config.trainable().contains(ParameterGroup.of(name)));
      tensor.setRequiresGradient(train);
      if (train) {
        trainable.put(name, tensor);
      }
    });
    if (trainable.isEmpty()) {
      throw new IllegalArgumentException("nothing to train: every group is frozen and there is no LoRA");
    }
  }

  /** The tensors this trainer moves, by name. */
  public Map<String, NDArray> trainableParameters() {
    return java.util.Collections.unmodifiableMap(trainable);
  }

  /** One micro-batch: forward, backward, and an optimizer step when an accumulation completes. */
  public StepMetrics step(List<ModelInput> batch) {
    refuseOverBudget(batch);
    double loss;
    int tokens;
    double[] router = null;
    try (NDScope scope = new NDScope()) {
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        EmotionQwen.Prepared prepared = model.prepare(batch, null);
        NDArray hidden = model.forward(prepared.inputs(), true);
        LossRows rows = LossRows.of(batch, hidden.getShape().get(1));
        tokens = rows.targets().length;
        NDManager manager = hidden.getManager();
        NDArray logits = model.logits(hidden.reshape(-1, hidden.getShape().get(2)).get(manager.create(rows.positions())));
        NDArray logProbs = logits.toType(DataType.FLOAT32, false).logSoftmax(1);
        NDArray picked = logProbs.gather(manager.create(rows.targets(), new Shape(tokens, 1)), 1);
        NDArray mean = picked.mean().neg();
        loss = mean.getFloat();
        collector.backward(mean.div(config.gradientAccumulation()));
        if (prepared.routerWeights() != null) {
          float[] w = prepared.routerWeights().mean(new int[] {0}).toType(DataType.FLOAT32, false).toFloatArray();
          router = new double[] {w[0], w[1]};
        }
      }
      microSteps++;
      boolean apply = microSteps % config.gradientAccumulation() == 0;
      double norm = Double.NaN;
      double rate = schedule.rate(optimizerSteps);
      boolean moved = false;
      if (apply) {
        norm = gradientNorm();
        // A non-finite gradient would turn every trained weight (and AdamW's moments) into NaN for good: the
        // update is skipped, as mixed-precision trainers do, and the step still counts so the schedule holds.
        if (Double.isFinite(norm)) {
          double clip = config.maxGradNorm() > 0 && norm > config.maxGradNorm() ? config.maxGradNorm() / (norm + 1e-6) : 1;
          noGrad();
          optimizer.update(trainable, rate, clip);
          moved = true;
        } else {
          skippedUpdates++;
        }
        zeroGradients();
        optimizerSteps++;
      }
      return new StepMetrics(optimizerSteps, moved, loss, tokens, rate, norm, router);
    }
  }

  /** Micro-batches seen so far (the data position, with accumulation). */
  public int microSteps() {
    return microSteps;
  }

  public int optimizerSteps() {
    return optimizerSteps;
  }

  /** Optimizer steps whose update was skipped because the gradient was not finite (the weights stayed). */
  public int skippedUpdates() {
    return skippedUpdates;
  }

  /**
   * Writes what resuming needs besides the weights: AdamW's moments ({@code optimizer.safetensors}) and the
   * step counters ({@code trainer_state.json}). Call at an accumulation boundary, so no gradient is pending.
   */
  public void saveState(Path dir) throws IOException {
    if (microSteps % config.gradientAccumulation() != 0) {
      throw new IllegalStateException("save the trainer state at an accumulation boundary, not inside one");
    }
    Files.createDirectories(dir);
    NDList list = new NDList();
    optimizer.moments().forEach((name, array) -> {
      array.setName(name);
      list.add(array);
    });
    try (OutputStream out = Files.newOutputStream(dir.resolve(OPTIMIZER_FILE))) {
      list.encode(out, NDList.Encoding.SAFETENSORS);
    }
    // the trained tensors (LoRA adapters included, which a merged checkpoint cannot hold mid-run)
    NDList weights = new NDList();
    trainable.forEach((name, array) -> {
      array.setName(name);
      weights.add(array);
    });
    try (OutputStream out = Files.newOutputStream(dir.resolve(TRAINED_FILE))) {
      weights.encode(out, NDList.Encoding.SAFETENSORS);
    }
    Files.writeString(dir.resolve(STATE_FILE),
        "{\"micro_steps\": " + microSteps + ", \"optimizer_steps\": " + optimizerSteps + ", \"adam_steps\": "
            + optimizer.steps() + "}\n");
  }

  /** Continues from {@link #saveState}: the next step is the one after the saved one, with the same moments. */
  public void restoreState(Path dir) throws IOException {
    com.fasterxml.jackson.databind.JsonNode state =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve(STATE_FILE).toFile());
    noGrad();
    NDManager manager = trainable.values().iterator().next().getManager();
    try (NDManager scratch = manager.newSubManager();
        InputStream in = Files.newInputStream(dir.resolve(OPTIMIZER_FILE))) {
      NDList list = NDList.decode(scratch, in);
      Map<String, NDArray> saved = new LinkedHashMap<>();
      list.forEach(a -> saved.put(a.getName(), a));
      optimizer.restore(trainable, saved, state.path("adam_steps").asInt());
    }
    try (NDManager scratch = manager.newSubManager();
        InputStream in = Files.newInputStream(dir.resolve(TRAINED_FILE))) {
      for (NDArray saved : NDList.decode(scratch, in)) {
        NDArray target = trainable.get(saved.getName());
        if (target == null) {
          throw new IllegalStateException("the saved state trains " + saved.getName() + ", this trainer does not");
        }
        // an in-place copy into a leaf is refused while it requires a gradient (and torch's grad mode is per thread)
        target.setRequiresGradient(false);
        target.muli(0).addi(saved.toType(target.getDataType(), false));
        target.setRequiresGradient(true);
      }
    }
    microSteps = state.path("micro_steps").asInt();
    noGrad();
    optimizerSteps = state.path("optimizer_steps").asInt();
  }

  /**
   * Torch's grad mode is per thread and on by default; only the thread that loaded the engine starts with it
   * off, and closing a gradient collector restores the previous mode. In-place updates of leaves need it off.
   */
  private static void noGrad() {
    ai.djl.pytorch.jni.JniUtils.setGradMode(false);
  }

  private void refuseOverBudget(List<ModelInput> batch) {
    for (int i = 0; i < batch.size(); i++) {
      ModelInput input = batch.get(i);
      if (input.labels() == null) {
        throw new IllegalArgumentException("sample " + i + " has no labels");
      }
      if (input.inputIds().length > config.maxSequenceTokens()) {
        throw new SequenceTooLongException(i, input.inputIds().length, config.maxSequenceTokens());
      }
    }
  }

  private double gradientNorm() {
    double sum = 0;
    for (NDArray p : trainable.values()) {
      try (NDArray g = p.getGradient()) {
        sum += g.toType(DataType.FLOAT32, false).square().sum().getFloat();
      }
    }
    return Math.sqrt(sum);
  }

  private void zeroGradients() {
    for (NDArray p : trainable.values()) {
      try (NDArray g = p.getGradient()) {
        g.muli(0);
      }
    }
  }

  /** Stops training: adapters stay (merge them with {@link LoraAdapters#merge}), gradients are off. */
  @Override
  public void close() {
    optimizer.close();
    trainable.values().forEach(p -> p.setRequiresGradient(false));
  }

  /** Which rows of the flattened (batch x longest) hidden states predict which label. */
  record LossRows(long[] positions, long[] targets) {

    static LossRows of(List<ModelInput> batch, long longest) {
      List<long[]> pairs = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        int[] labels = batch.get(i).labels();
        for (int t = 0; t + 1 < labels.length; t++) {
          if (labels[t + 1] != ModelInput.IGNORE) {
            pairs.add(new long[] {i * longest + t, labels[t + 1]});
          }
        }
      }
      if (pairs.isEmpty()) {
        throw new IllegalArgumentException("the batch has no assistant tokens to learn from");
      }
      return new LossRows(pairs.stream().mapToLong(p -> p[0]).toArray(), pairs.stream().mapToLong(p -> p[1]).toArray());
    }
  }
}
