package io.emoqwen.model.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.emoqwen.model.media.RgbImage;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BicubicResizeTest {

  /** The same synthetic picture the expected values were made from: (x*7 + y*13 + c*50 + x*y) mod 256. */
  static RgbImage pattern(int width, int height) {
    byte[] rgb = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        for (int c = 0; c < 3; c++) {
          rgb[(y * width + x) * 3 + c] = (byte) ((x * 7 + y * 13 + c * 50 + x * y) % 256);
        }
      }
    }
    return new RgbImage(width, height, rgb);
  }

  // Expected: CRC32 of Pillow 12's Image.resize((w, h), Image.BICUBIC).tobytes() on the same picture.
  @ParameterizedTest
  @CsvSource({
    "37, 23, 28, 56, 4179816196", // shrink horizontally, enlarge vertically
    "100, 60, 56, 28, 3429443661", // shrink both ways (antialiased kernel)
    "640, 480, 644, 476, 1243907994", // the smart-resize of a VGA frame
  })
  void resizesByteForByteLikePillow(int width, int height, int outWidth, int outHeight, long expectedCrc) {
    RgbImage out = BicubicResize.resize(pattern(width, height), outWidth, outHeight);
    assertThat(out.width()).isEqualTo(outWidth);
    assertThat(out.height()).isEqualTo(outHeight);
    CRC32 crc = new CRC32();
    crc.update(out.rgb());
    assertThat(crc.getValue()).isEqualTo(expectedCrc);
  }

  @Test
  void oneResizeServesEveryFrameAndFollowsAFrameOfAnotherSize() {
    BicubicResize resize = new BicubicResize(56, 28);
    RgbImage frame = pattern(100, 60);
    RgbImage other = pattern(37, 23);
    assertThat(resize.apply(frame).rgb()).isEqualTo(BicubicResize.resize(frame, 56, 28).rgb());
    // a stream whose resolution changes mid-clip: the new size gets its own weights, then the old one again
    assertThat(resize.apply(other).rgb()).isEqualTo(BicubicResize.resize(other, 56, 28).rgb());
    assertThat(resize.apply(frame).rgb()).isEqualTo(BicubicResize.resize(frame, 56, 28).rgb());
  }
}
