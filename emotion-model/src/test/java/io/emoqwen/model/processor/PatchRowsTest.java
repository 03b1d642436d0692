package io.emoqwen.model.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.emoqwen.model.input.VisualInput;
import io.emoqwen.model.media.RgbImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatchRowsTest {

  private static final ProcessorConfig QWEN = ProcessorConfig.qwenDefaults();

  /**
   * Qwen2-VL's image processor written out literally: the (T, C, H, W) array viewed as
   * (gt, tp, c, gh/2, 2, 14, gw/2, 2, 14), transposed by (0, 3, 6, 4, 7, 2, 1, 5, 8) and flattened, done
   * with numpy-style strides so it shares nothing with the production loops.
   */
  static float[] qwenReference(List<RgbImage> frames) {
    int t = frames.size();
    int h = frames.get(0).height();
    int w = frames.get(0).width();
    double[] mean = QWEN.mean();
    double[] std = QWEN.std();
    float[] tchw = new float[t * 3 * h * w];
    for (int f = 0; f < t; f++) {
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            tchw[((f * 3 + c) * h + y) * w + x] = (float) ((frames.get(f).value(x, y, c) / 255.0 - mean[c]) / std[c]);
          }
        }
      }
    }
    int[] shape = {t / 2, 2, 3, h / 28, 2, 14, w / 28, 2, 14};
    int[] strides = new int[9];
    strides[8] = 1;
    for (int i = 7; i >= 0; i--) {
      strides[i] = strides[i + 1] * shape[i + 1];
    }
    int[] perm = {0, 3, 6, 4, 7, 2, 1, 5, 8};
    int[] outShape = new int[9];
    for (int i = 0; i < 9; i++) {
      outShape[i] = shape[perm[i]];
    }
    float[] out = new float[tchw.length];
    int[] idx = new int[9];
    for (int o = 0; o < out.length; o++) {
      int source = 0;
      for (int i = 0; i < 9; i++) {
        source += idx[i] * strides[perm[i]];
      }
      out[o] = tchw[source];
      for (int i = 8; i >= 0; i--) {
        if (++idx[i] < outShape[i]) {
          break;
        }
        idx[i] = 0;
      }
    }
    return out;
  }

  static RgbImage noise(int width, int height, long seed) {
    java.util.Random random = new java.util.Random(seed);
    byte[] rgb = new byte[width * height * 3];
    random.nextBytes(rgb);
    return new RgbImage(width, height, rgb);
  }

  @Test
  void videoRowsFollowQwensLayout() {
    List<RgbImage> frames = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      frames.add(noise(84, 56, i));
    }
    float[] rows = PatchRows.of(frames, QWEN);
    assertThat(rows).hasSize(2 * 4 * 6 * VisualInput.PATCH_ROW_WIDTH);
    assertThat(rows).containsExactly(qwenReference(frames));
  }

  @Test
  void anImageIsDuplicatedIntoItsTemporalPatch() {
    RgbImage picture = noise(56, 112, 7);
    VisualInput input = new VisionProcessor(QWEN).image(picture);
    assertThat(input.video()).isFalse();
    assertThat(input.gridT()).isEqualTo(1);
    assertThat(input.gridH()).isEqualTo(8);
    assertThat(input.gridW()).isEqualTo(4);
    assertThat(input.patches()).containsExactly(qwenReference(List.of(picture, picture)));
  }

  @Test
  void theFirstValueOfARowIsTheNormalisedRedOfItsTopLeftPixel() {
    RgbImage picture = noise(56, 56, 3);
    float[] rows = PatchRows.of(List.of(picture, picture), QWEN);
    // Row 1 is the second patch of the first 2x2 merge group: top-left pixel (14, 0).
    float expected = (float) ((picture.value(14, 0, 0) / 255.0 - 0.48145466) / 0.26862954);
    assertThat(rows[VisualInput.PATCH_ROW_WIDTH]).isEqualTo(expected);
    // Row 2 starts the group's second line of patches: pixel (0, 14).
    float below = (float) ((picture.value(0, 14, 0) / 255.0 - 0.48145466) / 0.26862954);
    assertThat(rows[2 * VisualInput.PATCH_ROW_WIDTH]).isEqualTo(below);
  }
}
