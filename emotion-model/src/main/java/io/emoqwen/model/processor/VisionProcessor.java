package io.emoqwen.model.processor;

import io.emoqwen.model.input.VisualInput;
import io.emoqwen.model.media.ImageDecoder;
import io.emoqwen.model.media.RgbImage;
import io.emoqwen.model.media.VideoDecoder;
import io.emoqwen.model.media.VideoProbe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Turns images and videos into {@link VisualInput}s (MODEL.md section 2): sample frames, smart-resize with
 * bicubic antialiasing, normalise, cut into patch rows. Every method first makes the {@link VisualPlan}, the
 * same one the token budget reads.
 */
public final class VisionProcessor {

  private final ProcessorConfig config;

  public VisionProcessor(ProcessorConfig config) {
    this.config = config;
  }

  public ProcessorConfig config() {
    return config;
  }

  /** The plan for an image file, from its header alone. */
  public VisualPlan planImage(Path file) {
    ImageDecoder.ImageSize size = ImageDecoder.probe(file);
    return VisualPlan.forImage(size.width(), size.height(), config);
  }

  /** The plan for a video file, from its header alone. */
  public VisualPlan planVideo(Path file, VideoSampling sampling) {
    return VisualPlan.forVideo(VideoDecoder.probe(file), config, sampling);
  }

  public VisualInput image(Path file) {
    return image(ImageDecoder.read(file));
  }

  public VisualInput image(RgbImage image) {
    VisualPlan plan = VisualPlan.forImage(image.width(), image.height(), config);
    RgbImage resized = BicubicResize.resize(image, plan.resized().width(), plan.resized().height());
    return toInput(plan, Collections.nCopies(config.temporalPatchSize(), resized));
  }

  public VisualInput video(Path file, VideoSampling sampling) {
    VisualPlan plan = planVideo(file, sampling);
    return video(VideoDecoder.readFrames(file, plan.frameIndices()), plan);
  }

  public VisualInput video(Path file) {
    return video(file, VideoSampling.defaults(config));
  }

  /** Frames already decoded according to {@code plan} (for callers that extracted them earlier). */
  public VisualInput video(List<RgbImage> sampledFrames, VisualPlan plan) {
    if (sampledFrames.size() != plan.frameIndices().length) {
      throw new IllegalArgumentException(
          "the plan samples " + plan.frameIndices().length + " frames, got " + sampledFrames.size());
    }
    List<RgbImage> resized = new ArrayList<>(sampledFrames.size());
    BicubicResize resize = new BicubicResize(plan.resized().width(), plan.resized().height());
    for (RgbImage frame : sampledFrames) {
      resized.add(resize.apply(frame));
    }
    return toInput(plan, resized);
  }

  /** A plan for a video whose header was read elsewhere (a dataset manifest, for instance). */
  public VisualPlan planVideo(VideoProbe probe, VideoSampling sampling) {
    return VisualPlan.forVideo(probe, config, sampling);
  }

  private VisualInput toInput(VisualPlan plan, List<RgbImage> frames) {
    return new VisualInput(
        PatchRows.of(frames, config), plan.gridT(), plan.gridH(), plan.gridW(), plan.video(), plan.secondsPerGridT());
  }
}
