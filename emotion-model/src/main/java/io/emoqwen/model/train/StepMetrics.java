package io.emoqwen.model.train;

/**
 * What one micro-batch did.
 *
 * @param optimizerStep optimizer steps taken so far (after this micro-batch)
 * @param applied whether this micro-batch completed an accumulation and the weights moved (not when the
 *     gradient was non-finite: that update is skipped)
 * @param loss mean cross-entropy over the assistant tokens of this micro-batch
 * @param lossTokens tokens the loss was taken over
 * @param learningRate the rate of the update (of the next one, while accumulating)
 * @param gradNorm global gradient norm before clipping, NaN while accumulating
 * @param routerMeanWeights mean (general, emotion) router weights over this micro-batch's visual inputs, or
 *     null when it held none
 */
public record StepMetrics(
    int optimizerStep,
    boolean applied,
    double loss,
    int lossTokens,
    double learningRate,
    double gradNorm,
    double[] routerMeanWeights) {}
