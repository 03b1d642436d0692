package io.emoqwen.model.train;

import static io.emoqwen.model.fixtures.TinyInputs.TINY;
import static io.emoqwen.model.fixtures.TinyInputs.aSequence;
import static io.emoqwen.model.fixtures.TinyInputs.anImage;
import static io.emoqwen.model.fixtures.TinyInputs.text;
import static io.emoqwen.model.fixtures.TinyInputs.withAnswerLabels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.emoqwen.model.input.ModelInput;
import io.emoqwen.model.nn.EmotionQwen;
import io.emoqwen.model.nn.LoraSettings;
import io.emoqwen.model.nn.ParameterGroup;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrainerTest {

  NDManager manager;
  EmotionQwen model;

  @BeforeEach
  void model() {
    manager = NDManager.newBaseManager();
    model = EmotionQwen.initialise(TINY, 5, manager);
  }

  @AfterEach
  void close() {
    model.close();
    manager.close();
  }

  /** Eight image+text samples, each with its own four-token answer. */
  static List<ModelInput> eightSamples() {
    List<ModelInput> samples = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ModelInput sequence = aSequence(text(3, 100 + i), List.of(anImage(4, 4, 200 + i)), text(6, 300 + i));
      samples.add(withAnswerLabels(sequence, 4));
    }
    return samples;
  }

  @Test
  void memorisesEightMultimodalSamples() {
    EnumSet<ParameterGroup> all = EnumSet.allOf(ParameterGroup.class);
    TrainingConfig config = TrainingConfig.full(all, 1e-2, 300).withSchedule(1e-2, 10, 300);
    List<ModelInput> samples = eightSamples();
    double loss = Double.NaN;
    try (Trainer trainer = new Trainer(model, config)) {
      for (int step = 0; step < 300; step++) {
        StepMetrics metrics = trainer.step(samples);
        loss = metrics.loss();
        assertThat(metrics.lossTokens()).isEqualTo(8 * 4);
        assertThat(metrics.routerMeanWeights()[0] + metrics.routerMeanWeights()[1]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        if (loss < 0.05) {
          break;
        }
      }
    }
    assertThat(loss).isLessThan(0.05);
  }

  @Test
  void aNonFiniteGradientSkipsTheUpdateAndLeavesEveryWeightAsItWas() {
    model.weights().get("llm.norm.weight").set(new ai.djl.ndarray.index.NDIndex("0"), Float.NaN);
    Map<String, float[]> before = snapshot();
    Set<ParameterGroup> trained = EnumSet.of(ParameterGroup.LLM, ParameterGroup.GATENET);
    try (Trainer trainer = new Trainer(model, TrainingConfig.full(trained, 1e-3, 10))) {
      StepMetrics poisoned = trainer.step(eightSamples().subList(0, 4));

      assertThat(poisoned.gradNorm()).isNaN();
      assertThat(poisoned.applied()).isFalse();
      assertThat(poisoned.optimizerStep()).as("the step counts, so the schedule holds").isEqualTo(1);
      assertThat(trainer.skippedUpdates()).isEqualTo(1);
    }
    before.forEach((name, values) ->
        assertThat(model.weights().get(name).toFloatArray()).as(name).isEqualTo(values));
  }

  @Test
  void frozenGroupsDoNotChangeAndTrainedOnesDo() {
    Map<String, float[]> before = snapshot();
    Set<ParameterGroup> trained = EnumSet.of(ParameterGroup.LLM, ParameterGroup.GATENET, ParameterGroup.EMOTIONCOMPRESSOR);
    try (Trainer trainer = new Trainer(model, TrainingConfig.full(trained, 1e-3, 10).withAccumulation(2))) {
      StepMetrics first = trainer.step(eightSamples().subList(0, 4));
      assertThat(first.applied()).isFalse();
      StepMetrics second = trainer.step(eightSamples().subList(4, 8));
      assertThat(second.applied()).isTrue();
      assertThat(second.optimizerStep()).isEqualTo(1);
      assertThat(second.gradNorm()).isPositive();
    }
    before.forEach((name, values) -> {
      boolean changed = !java.util.Arrays.equals(values, model.weights().get(name).toFloatArray());
      boolean isTrained = trained.contains(ParameterGroup.of(name));
      // norm weights and biases move too, but a weight matrix of a trained group must
      if (isTrained && name.endsWith("proj.weight")) {
        assertThat(changed).as(name).isTrue();
      }
      if (!isTrained) {
        assertThat(changed).as(name).isFalse();
      }
    });
  }

  @Test
  void loraMergedIntoPlainWeightsGivesTheUnmergedOutput() {
    LoraSettings lora = new LoraSettings(4, 8, 0.05, LoraSettings.ATTENTION);
    TrainingConfig config = TrainingConfig.full(EnumSet.of(ParameterGroup.GATENET), 1e-2, 10).withLora(lora);
    float[] qBefore = model.weights().get("llm.layers.0.self_attn.q_proj.weight").toFloatArray();
    try (Trainer trainer = new Trainer(model, config)) {
      for (int i = 0; i < 3; i++) {
        trainer.step(eightSamples());
      }
    }
    assertThat(model.weights().get("llm.layers.0.self_attn.q_proj.weight").toFloatArray()).isEqualTo(qBefore);
    assertThat(model.weights().get("llm.layers.1.self_attn.v_proj.lora_B.weight").abs().max().getFloat()).isPositive();

    ModelInput probe = eightSamples().get(2);
    float[] unmerged = logits(probe);
    LoraAdapters.merge(model);
    assertThat(model.weights().find("llm.layers.0.self_attn.q_proj.lora_A.weight")).isNull();
    float[] merged = logits(probe);
    double worst = 0;
    for (int i = 0; i < merged.length; i++) {
      worst = Math.max(worst, Math.abs(merged[i] - unmerged[i]));
    }
    assertThat(worst).isLessThan(1e-4);
    assertThat(model.weights().get("llm.layers.0.self_attn.q_proj.weight").toFloatArray()).isNotEqualTo(qBefore);
  }

  @Test
  void theRouterGivesEachVisualInputWeightsThatSumToOneAndDependOnTheInput() {
    try (NDScope scope = new NDScope()) {
      NDArray weights = model.encodeVisuals(List.of(anImage(4, 4, 1), anImage(4, 4, 2))).routerWeights();
      float[] w = weights.toFloatArray();
      assertThat(weights.getShape().getShape()).containsExactly(2, 2);
      assertThat((double) w[0] + w[1]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
      assertThat((double) w[2] + w[3]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(Math.abs(w[0] - w[2])).isGreaterThan(1e-4f);
    }
  }

  @Test
  void aSampleOverTheTokenBudgetIsRefusedNotTruncated() {
    TrainingConfig config = TrainingConfig.full(EnumSet.of(ParameterGroup.LLM), 1e-3, 10).withMaxSequenceTokens(12);
    try (Trainer trainer = new Trainer(model, config)) {
      assertThatThrownBy(() -> trainer.step(eightSamples()))
          .isInstanceOf(SequenceTooLongException.class)
          .hasMessageContaining("sample 0 holds 15 tokens, over the budget of 12");
    }
  }

  @Test
  void aRestoredTrainerTakesTheSameNextStepAsOneThatNeverStopped(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    Set<ParameterGroup> trained = EnumSet.of(ParameterGroup.LLM, ParameterGroup.GATENET);
    TrainingConfig config = TrainingConfig.full(trained, 1e-2, 20);
    List<ModelInput> samples = eightSamples();
    double uninterrupted;
    try (Trainer trainer = new Trainer(model, config)) {
      trainer.step(samples);
      trainer.step(samples);
      trainer.saveState(dir);
      trainer.step(samples);
      uninterrupted = trainer.step(samples).loss();
    }
    try (NDManager other = NDManager.newBaseManager();
        EmotionQwen fresh = EmotionQwen.initialise(TINY, 5, other);
        Trainer resumed = new Trainer(fresh, config)) {
      resumed.restoreState(dir);
      assertThat(resumed.optimizerSteps()).isEqualTo(2);
      resumed.step(samples);
      StepMetrics fourth = resumed.step(samples);
      assertThat(fourth.optimizerStep()).isEqualTo(4);
      assertThat(fourth.loss()).isCloseTo(uninterrupted, org.assertj.core.data.Offset.offset(1e-4));
    }
  }

  private float[] logits(ModelInput input) {
    try (NDScope scope = new NDScope()) {
      return model.logits(model.forward(model.prepare(List.of(input), null).inputs(), false)).toFloatArray();
    }
  }

  private Map<String, float[]> snapshot() {
    Map<String, float[]> values = new LinkedHashMap<>();
    model.weights().all().forEach((name, tensor) -> values.put(name, tensor.toFloatArray()));
    return values;
  }
}
