package io.emoqwen.model.train;

/** Linear warm-up to the peak rate, then cosine decay to zero at the last step (transformers' cosine). */
public record CosineSchedule(double peak, int warmupSteps, int totalSteps) {

  /** Learning rate of optimizer step {@code step} (0-based). */
  public double rate(int step) {
    if (step < warmupSteps) {
      return peak * (step + 1) / warmupSteps;
    }
    double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
    return peak * 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, progress)));
  }
}
