package io.emoqwen.datasets.ingest;

/**
 * Bounds on one medium beyond what the token budget checks: sizes a decoder should never be asked to hold.
 *
 * @param maxSide longest side in pixels
 * @param maxAspectRatio longest over shortest side (Qwen refuses above 200)
 * @param maxDurationSeconds longest video
 * @param maxFps highest video frame rate
 */
public record MediaLimits(int maxSide, double maxAspectRatio, double maxDurationSeconds, double maxFps) {

  static MediaLimits defaults() {
    return new MediaLimits(8192, 200, 600, 240);
  }
}
