package io.emoqwen.model.processor;

/** How many frames of a video the model sees, and which: qwen-vl-utils' {@code smart_nframes} and linspace. */
public final class FrameSampling {

  private FrameSampling() {}

  /**
   * duration x fps, clamped to [minFrames, min(maxFrames, frames in file)], rounded down to a multiple of the
   * temporal patch (2).
   */
  public static int frameCount(int totalFrames, double videoFps, double fps, ProcessorConfig config) {
    int factor = config.temporalPatchSize();
    if (totalFrames < factor || !(videoFps > 0)) {
      throw new SampleRejectedException(
          "video has " + totalFrames + " frame(s) at " + videoFps + " fps; at least " + factor + " frames are needed");
    }
    int minFrames = SmartResize.ceilBy(config.minFrames(), factor);
    int maxFrames = SmartResize.floorBy(Math.min(config.maxFrames(), totalFrames), factor);
    double wanted = totalFrames / videoFps * fps;
    double clamped = Math.min(Math.min(Math.max(wanted, minFrames), maxFrames), totalFrames);
    return SmartResize.floorBy(clamped, factor);
  }

  /** {@code linspace(0, total - 1, count).round()}: evenly spread, first and last frame included. */
  public static int[] indices(int totalFrames, int count) {
    int[] out = new int[count];
    if (count == 1) {
      return out;
    }
    double step = (double) (totalFrames - 1) / (count - 1);
    for (int i = 0; i < count; i++) {
      out[i] = (int) Math.rint(i * step);
    }
    return out;
  }
}
