package io.emoqwen.model.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emoqwen.model.media.VideoProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VisualPlanTest {

  private static final ProcessorConfig QWEN = ProcessorConfig.qwenDefaults();

  private static VideoProbe clip(int width, int height, int frames, double fps) {
    return new VideoProbe(frames / fps, fps, frames, width, height, "h264");
  }

  // Expected frames/sizes/tokens computed with qwen-vl-utils' smart_nframes + fetch_video (Python).
  @ParameterizedTest
  @CsvSource({
    // width, height, frames, video fps, sample fps, max_pixels (0 = none), frames, height, width, tokens
    "1280, 720, 125, 25, 3, 602112, 14, 560, 1008, 5040",
    "1920, 1080, 150, 30, 3, 602112, 14, 560, 1008, 5040",
    "1000, 1000, 150, 30, 3, 602112, 14, 756, 756, 5103",
    "640, 480, 150, 30, 2, 0, 10, 476, 644, 1955",
    "320, 240, 30, 30, 2, 0, 4, 280, 392, 280", // 1 s: min 4 frames, scaled up to min_pixels
  })
  void videosArePlannedLikeQwen(
      int width, int height, int frames, double videoFps, double fps, long maxPixels,
      int expectedFrames, int expectedHeight, int expectedWidth, int expectedTokens) {
    VideoSampling sampling = new VideoSampling(fps, maxPixels == 0 ? Long.MAX_VALUE : maxPixels);
    VisualPlan plan = VisualPlan.forVideo(clip(width, height, frames, videoFps), QWEN, sampling);
    assertThat(plan.frameIndices()).hasSize(expectedFrames);
    assertThat(plan.resized()).isEqualTo(new SmartResize.Size(expectedHeight, expectedWidth));
    assertThat(plan.gridT()).isEqualTo(expectedFrames / 2);
    assertThat(plan.tokenCount()).isEqualTo(expectedTokens);
  }

  @Test
  void aFiveSecondClipAtThreeFpsAndTheCapStaysUnderTheModelMdFigure() {
    // MODEL.md: "A 5 s clip at 3 fps and the cap makes ~5,400 tokens": 14 frames x at most 768 tokens a pair.
    for (int[] size : new int[][] {{1920, 1080}, {1080, 1920}, {1000, 1000}, {3840, 2160}}) {
      VisualPlan plan =
          VisualPlan.forVideo(clip(size[0], size[1], 150, 30), QWEN, VideoSampling.defaults(QWEN).withFps(3).withMaxPixels(602_112));
      assertThat(plan.frameIndices()).hasSize(14);
      assertThat(plan.tokenCount()).isBetween(4_800, 7 * 602_112 / (28 * 28));
    }
  }

  @Test
  void frameCountFollowsFpsClampedAndEven() {
    assertThat(FrameSampling.frameCount(150, 30, 2, QWEN)).isEqualTo(10); // 5 s x 2 fps
    assertThat(FrameSampling.frameCount(165, 30, 2, QWEN)).isEqualTo(10); // 11 frames -> even 10
    assertThat(FrameSampling.frameCount(30, 30, 2, QWEN)).isEqualTo(4); // min 4
    assertThat(FrameSampling.frameCount(3, 30, 2, QWEN)).isEqualTo(2); // fewer frames than min: all, even
    assertThat(FrameSampling.frameCount(30_000, 25, 2, QWEN)).isEqualTo(768); // max 768
    assertThat(FrameSampling.frameCount(150, 30, 2, ProcessorConfig.small())).isEqualTo(10);
    assertThat(FrameSampling.frameCount(3000, 30, 2, ProcessorConfig.small())).isEqualTo(16);
  }

  @Test
  void aOneFrameVideoIsRefused() {
    assertThatThrownBy(() -> VisualPlan.forVideo(clip(64, 64, 1, 25), QWEN))
        .isInstanceOf(SampleRejectedException.class)
        .hasMessageContaining("1 frame");
  }

  @Test
  void framesAreSpreadEvenlyFromFirstToLast() {
    assertThat(FrameSampling.indices(150, 10)).containsExactly(0, 17, 33, 50, 66, 83, 99, 116, 132, 149);
    assertThat(FrameSampling.indices(8, 4)).containsExactly(0, 2, 5, 7);
    assertThat(FrameSampling.indices(3, 2)).containsExactly(0, 2);
  }

  @Test
  void secondsPerTemporalPatchComeFromTheSampledRate() {
    VisualPlan plan = VisualPlan.forVideo(clip(640, 480, 150, 30), QWEN);
    // 10 frames of 150 at 30 fps: sampled at 2 fps, so a patch of 2 frames spans 1 s.
    assertThat(plan.secondsPerGridT()).isEqualTo(1.0);
  }

  @Test
  void anImageIsOneTemporalPatch() {
    VisualPlan plan = VisualPlan.forImage(640, 480, QWEN);
    assertThat(plan.gridT()).isEqualTo(1);
    assertThat(plan.gridH()).isEqualTo(476 / 14);
    assertThat(plan.gridW()).isEqualTo(644 / 14);
    assertThat(plan.tokenCount()).isEqualTo(34 * 46 / 4);
  }
}
