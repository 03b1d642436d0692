package io.emoqwen.model.train;

import io.emoqwen.model.nn.LoraSettings;
import io.emoqwen.model.nn.ParameterGroup;
import java.util.EnumSet;
import java.util.Set;

/**
 * One training run's knobs. The defaults of {@link #lora(Set, int)} are MODEL.md's LoRA recipe.
 *
 * @param trainable groups whose plain weights are trained; all others are frozen
 * @param lora adapters on the decoder's attention (the llm's plain weights stay frozen), or null
 * @param maxSequenceTokens the budget: longer sequences are refused, never truncated
 */
public record TrainingConfig(
    double learningRate,
    double weightDecay,
    double beta1,
    double beta2,
    double epsilon,
    int warmupSteps,
    int totalSteps,
    int gradientAccumulation,
    double maxGradNorm,
    Set<ParameterGroup> trainable,
    LoraSettings lora,
    int maxSequenceTokens,
    long seed) {

  public TrainingConfig {
    trainable = trainable.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(trainable));
    if (lora != null && trainable.contains(ParameterGroup.LLM)) {
      throw new IllegalArgumentException("with LoRA the llm's plain weights stay frozen; leave LLM out of trainable");
    }
    if (gradientAccumulation < 1 || totalSteps < 1 || warmupSteps < 0) {
      throw new IllegalArgumentException("accumulation and total steps must be positive, warm-up not negative");
    }
  }

  /** Full fine-tuning of the given groups: AdamW (0.9, 0.95), weight decay 0.1, clip 1.0. */
  public static TrainingConfig full(Set<ParameterGroup> trainable, double learningRate, int totalSteps) {
    return new TrainingConfig(learningRate, 0.1, 0.9, 0.95, 1e-8, Math.max(1, totalSteps / 100), totalSteps, 1, 1.0,
        trainable, null, 32768, 0);
  }

  /** LoRA r=64, alpha=64, dropout 0.05 on q/k/v/o, lr 1e-4, plus the given groups in full. */
  public static TrainingConfig lora(Set<ParameterGroup> alsoTrained, int totalSteps) {
    return new TrainingConfig(1e-4, 0.1, 0.9, 0.95, 1e-8, Math.max(1, totalSteps / 100), totalSteps, 1, 1.0,
        alsoTrained, new LoraSettings(64, 64, 0.05, LoraSettings.ATTENTION), 32768, 0);
  }

  public TrainingConfig withLora(LoraSettings settings) {
    return new TrainingConfig(learningRate, weightDecay, beta1, beta2, epsilon, warmupSteps, totalSteps,
        gradientAccumulation, maxGradNorm, trainable, settings, maxSequenceTokens, seed);
  }

  public TrainingConfig withSchedule(double rate, int warmup, int total) {
    return new TrainingConfig(rate, weightDecay, beta1, beta2, epsilon, warmup, total, gradientAccumulation,
        maxGradNorm, trainable, lora, maxSequenceTokens, seed);
  }

  public TrainingConfig withAccumulation(int steps) {
    return new TrainingConfig(learningRate, weightDecay, beta1, beta2, epsilon, warmupSteps, totalSteps, steps,
        maxGradNorm, trainable, lora, maxSequenceTokens, seed);
  }

  public TrainingConfig withMaxSequenceTokens(int tokens) {
    return new TrainingConfig(learningRate, weightDecay, beta1, beta2, epsilon, warmupSteps, totalSteps,
        gradientAccumulation, maxGradNorm, trainable, lora, tokens, seed);
  }
}
