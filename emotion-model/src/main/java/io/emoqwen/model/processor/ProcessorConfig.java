package io.emoqwen.model.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.model.input.VisualInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The numbers of MODEL.md section 2, as a checkpoint's {@code preprocessor_config.json} states them. Keys a real
 * Qwen2.5-VL file lacks (the {@code video_*} ones live in qwen-vl-utils' code, not in the file) fall back to
 * Qwen's defaults, so the 7B checkpoint and the small configuration go through the same reader.
 *
 * @param patchSize side of one ViT patch (14)
 * @param temporalPatchSize frames per temporal patch (2)
 * @param mergeSize side of the spatial merge group (2); with patchSize it sets the resize factor 28
 * @param mean per-channel mean after scaling to 0..1
 * @param std per-channel standard deviation after scaling to 0..1
 * @param imageMinPixels lower bound on a resized image's area
 * @param imageMaxPixels upper bound on a resized image's area
 * @param videoMinPixels lower bound on a resized frame's area
 * @param videoMaxPixels upper bound on a resized frame's area, before the total-pixels share
 * @param videoTotalPixels pixels all frames of one video may take together (the per-frame cap derives from it)
 * @param fps frames sampled per second of video
 * @param minFrames fewest frames sampled from a video
 * @param maxFrames most frames sampled from a video
 */
public record ProcessorConfig(
    int patchSize,
    int temporalPatchSize,
    int mergeSize,
    double[] mean,
    double[] std,
    long imageMinPixels,
    long imageMaxPixels,
    long videoMinPixels,
    long videoMaxPixels,
    long videoTotalPixels,
    double fps,
    int minFrames,
    int maxFrames) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SMALL = "/io/emoqwen/model/text/small/preprocessor_config.json";

  /** Qwen2.5-VL's processor defaults plus qwen-vl-utils' video constants (MODEL.md section 2). */
  public static ProcessorConfig qwenDefaults() {
    return new ProcessorConfig(
        14,
        2,
        2,
        new double[] {0.48145466, 0.4578275, 0.40821073},
        new double[] {0.26862954, 0.26130258, 0.27577711},
        4L * 28 * 28,
        16384L * 28 * 28,
        128L * 28 * 28,
        768L * 28 * 28,
        (long) (128000 * 28 * 28 * 0.9),
        2.0,
        4,
        768);
  }

  public ProcessorConfig {
    if (mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException("mean and std need one value per RGB channel");
    }
    if (3 * temporalPatchSize * patchSize * patchSize != VisualInput.PATCH_ROW_WIDTH) {
      throw new IllegalArgumentException(
          "patch " + temporalPatchSize + "x" + patchSize + "x" + patchSize + " does not give the vision encoder's "
              + VisualInput.PATCH_ROW_WIDTH + "-wide rows");
    }
    if (minFrames < 1 || maxFrames < minFrames) {
      throw new IllegalArgumentException("frame bounds must satisfy 1 <= min <= max, got " + minFrames + ".." + maxFrames);
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** Both sides of a resized picture are multiples of this (28 for Qwen). */
  public int resizeFactor() {
    return patchSize * mergeSize;
  }

  /** The configuration a checkpoint directory declares in its {@code preprocessor_config.json}. */
  public static ProcessorConfig load(Path checkpointDir) {
    Path file = checkpointDir.resolve("preprocessor_config.json");
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The configuration shipped with the tiny/small model (small frames, few of them: CPU-sized). */
  public static ProcessorConfig small() {
    try (InputStream in = ProcessorConfig.class.getResourceAsStream(SMALL)) {
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled " + SMALL, e);
    }
  }

  static ProcessorConfig read(InputStream in) throws IOException {
    JsonNode n = JSON.readTree(in);
    ProcessorConfig d = qwenDefaults();
    return new ProcessorConfig(
        n.path("patch_size").asInt(d.patchSize),
        n.path("temporal_patch_size").asInt(d.temporalPatchSize),
        n.path("merge_size").asInt(d.mergeSize),
        triple(n.get("image_mean"), d.mean),
        triple(n.get("image_std"), d.std),
        n.path("min_pixels").asLong(d.imageMinPixels),
        n.path("max_pixels").asLong(d.imageMaxPixels),
        n.path("video_min_pixels").asLong(d.videoMinPixels),
        n.path("video_max_pixels").asLong(d.videoMaxPixels),
        n.path("video_total_pixels").asLong(d.videoTotalPixels),
        n.path("video_fps").asDouble(d.fps),
        n.path("video_min_frames").asInt(d.minFrames),
        n.path("video_max_frames").asInt(d.maxFrames));
  }

  private static double[] triple(JsonNode node, double[] fallback) {
    if (node == null || !node.isArray()) {
      return fallback;
    }
    double[] out = new double[node.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = node.get(i).asDouble();
    }
    return out;
  }
}
