package io.emoqwen.model.processor;

/**
 * What a caller asks of one video: the sampling rate and an optional lower per-frame pixel cap (the benchmarks
 * use fps 3 and 602,112). The cap can only lower what the configuration allows, never raise it.
 *
 * @param fps frames sampled per second of video
 * @param maxPixels requested per-frame area cap; {@link Long#MAX_VALUE} for "whatever the configuration allows"
 */
public record VideoSampling(double fps, long maxPixels) {

  public VideoSampling {
    if (!(fps > 0)) {
      throw new IllegalArgumentException("fps must be positive, got " + fps);
    }
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
    }
  }

  /** The configuration's own rate and no extra cap. */
  public static VideoSampling defaults(ProcessorConfig config) {
    return new VideoSampling(config.fps(), Long.MAX_VALUE);
  }

  public VideoSampling withFps(double newFps) {
    return new VideoSampling(newFps, maxPixels);
  }

  public VideoSampling withMaxPixels(long newMaxPixels) {
    return new VideoSampling(fps, newMaxPixels);
  }
}
