package io.emoqwen.model.processor;

import io.emoqwen.model.media.VideoProbe;

/**
 * Everything the processor will do to one image or video, worked out from the size (and, for video, the
 * header's frame count and rate) before any pixel is decoded: which frames, what size, what grid, how many
 * tokens. Dataset validation and request admission read {@link #tokenCount()} from here; the processor then
 * follows the same plan, so the budget and the real input cannot disagree.
 *
 * @param video whether the input is a video
 * @param frameIndices the frames to decode, ascending (an image: {@code [0]})
 * @param resized the size every frame is resized to
 * @param gridT temporal patches
 * @param gridH patch rows
 * @param gridW patch columns
 * @param secondsPerGridT seconds of video one temporal patch spans (0 for an image)
 */
public record VisualPlan(
    boolean video, int[] frameIndices, SmartResize.Size resized, int gridT, int gridH, int gridW, double secondsPerGridT) {

  public VisualPlan {
    frameIndices = frameIndices.clone();
  }

  /** An image: one frame, duplicated to fill the temporal patch. */
  public static VisualPlan forImage(int width, int height, ProcessorConfig config) {
    SmartResize.Size size =
        SmartResize.resize(height, width, config.resizeFactor(), config.imageMinPixels(), config.imageMaxPixels());
    return new VisualPlan(
        false, new int[] {0}, size, 1, size.height() / config.patchSize(), size.width() / config.patchSize(), 0);
  }

  /** A video as its header describes it, sampled and capped the way qwen-vl-utils' {@code fetch_video} does. */
  public static VisualPlan forVideo(VideoProbe probe, ProcessorConfig config, VideoSampling sampling) {
    int frames = FrameSampling.frameCount(probe.frameCount(), probe.fps(), sampling.fps(), config);
    double cap =
        Math.max(
            Math.min(config.videoMaxPixels(), (double) config.videoTotalPixels() / frames * config.temporalPatchSize()),
            (long) (config.videoMinPixels() * 1.05));
    double maxPixels = Math.min(cap, sampling.maxPixels());
    SmartResize.Size size =
        SmartResize.resize(probe.height(), probe.width(), config.resizeFactor(), config.videoMinPixels(), maxPixels);
    double sampledFps = (double) frames / probe.frameCount() * probe.fps();
    return new VisualPlan(
        true,
        FrameSampling.indices(probe.frameCount(), frames),
        size,
        frames / config.temporalPatchSize(),
        size.height() / config.patchSize(),
        size.width() / config.patchSize(),
        config.temporalPatchSize() / sampledFps);
  }

  public static VisualPlan forVideo(VideoProbe probe, ProcessorConfig config) {
    return forVideo(probe, config, VideoSampling.defaults(config));
  }

  /** Patch rows the vision encoder sees. */
  public int patchCount() {
    return gridT * gridH * gridW;
  }

  /** Placeholder tokens this input takes in the text: one per 2x2 merge group. */
  public int tokenCount() {
    return patchCount() / 4;
  }
}
