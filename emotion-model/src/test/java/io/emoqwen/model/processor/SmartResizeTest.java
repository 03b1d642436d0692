package io.emoqwen.model.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmartResizeTest {

  private static final ProcessorConfig QWEN = ProcessorConfig.qwenDefaults();

  // Expected sizes computed with qwen-vl-utils' smart_resize (Python) and its image defaults.
  @ParameterizedTest
  @CsvSource({
    "720, 1280, 728, 1288",
    "480, 640, 476, 644",
    "1080, 1920, 1092, 1932",
    "3000, 4000, 2996, 4004",
    "224, 224, 224, 224",
    "10, 20, 56, 84", // below min_pixels: scaled up, ceil to 28
    "42, 70, 56, 56", // 1.5 and 2.5 both round half to even: 2
    "28, 5600, 28, 5600", // aspect ratio exactly 200 is allowed
  })
  void imagesResizeLikeQwen(int height, int width, int expectedHeight, int expectedWidth) {
    SmartResize.Size size =
        SmartResize.resize(height, width, 28, QWEN.imageMinPixels(), QWEN.imageMaxPixels());
    assertThat(size).isEqualTo(new SmartResize.Size(expectedHeight, expectedWidth));
  }

  @Test
  void everySizeIsAMultipleOf28WithinThePixelBounds() {
    long min = 128L * 28 * 28;
    long max = 602_112;
    for (int h = 17; h < 2000; h += 37) {
      for (int w = 23; w < 2000; w += 41) {
        if ((double) Math.max(h, w) / Math.min(h, w) > 200) {
          continue;
        }
        SmartResize.Size s = SmartResize.resize(h, w, 28, min, max);
        assertThat(s.height() % 28).as("height of %dx%d", w, h).isZero();
        assertThat(s.width() % 28).as("width of %dx%d", w, h).isZero();
        assertThat(s.area()).as("area of %dx%d", w, h).isBetween(min, max);
      }
    }
  }

  @Test
  void anAspectRatioAbove200IsRefused() {
    assertThatThrownBy(() -> SmartResize.resize(10, 2010, 28, 3136, 1e7))
        .isInstanceOf(SampleRejectedException.class)
        .hasMessageContaining("aspect ratio")
        .hasMessageContaining("200");
  }

  @Test
  void theSmallConfigurationUsesItsOwnPixelBounds() {
    ProcessorConfig small = ProcessorConfig.small();
    assertThat(SmartResize.resize(480, 640, small.resizeFactor(), small.imageMinPixels(), small.imageMaxPixels()))
        .isEqualTo(new SmartResize.Size(168, 252));
  }
}
