package io.emoqwen.model.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {

  @TempDir Path dir;

  @Test
  void probeAndReadAgreeOnSizeAndPixels() {
    Path png = TestMedia.png(dir.resolve("ramp.png"), 40, 30);
    assertThat(ImageDecoder.probe(png)).isEqualTo(new ImageDecoder.ImageSize(40, 30));
    RgbImage image = ImageDecoder.read(png);
    assertThat(image.width()).isEqualTo(40);
    assertThat(image.value(20, 15, 0)).isEqualTo(20 * 255 / 40);
    assertThat(image.value(20, 15, 1)).isEqualTo(15 * 255 / 30);
    assertThat(image.value(20, 15, 2)).isEqualTo(40);
  }

  @Test
  void transparentPixelsBecomeWhite() throws IOException {
    BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(0, 0, 0x00000000); // fully transparent black
    argb.setRGB(1, 0, 0x80FF0000); // half-transparent red
    Path png = dir.resolve("alpha.png");
    ImageIO.write(argb, "png", png.toFile());
    RgbImage image = ImageDecoder.read(png);
    assertThat(new int[] {image.value(0, 0, 0), image.value(0, 0, 1), image.value(0, 0, 2)}).containsExactly(255, 255, 255);
    assertThat(new int[] {image.value(1, 0, 0), image.value(1, 0, 1), image.value(1, 0, 2)}).containsExactly(255, 127, 127);
  }

  @Test
  void textIsNotAnImage() throws IOException {
    Path txt = Files.writeString(dir.resolve("notes.png"), "hello");
    assertThatThrownBy(() -> ImageDecoder.read(txt))
        .isInstanceOf(MediaDecodeException.class)
        .hasMessageContaining("notes.png");
  }
}
