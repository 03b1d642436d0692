package io.emoqwen.model.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emoqwen.model.media.RgbImage;
import io.emoqwen.model.processor.ProcessorConfig;
import io.emoqwen.model.processor.VisionProcessor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisualInputCodecTest {

  private final ProcessorConfig config = ProcessorConfig.small();
  private final VisionProcessor processor = new VisionProcessor(config);

  @Test
  void processorMadeInputsComeBackBitForBitAtOneBytePerValue() throws IOException {
    VisualInput image = processor.image(noise(90, 60, 1));
    VisualInput other = processor.image(noise(50, 70, 2));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    VisualInputCodec.write(out, List.of(image, other), config.mean(), config.std());

    assertThat(out.size()).isLessThan(image.patches().length + other.patches().length + 1000);
    List<VisualInput> back = VisualInputCodec.readAll(new ByteArrayInputStream(out.toByteArray()));
    assertSame(back.get(0), image);
    assertSame(back.get(1), other);
  }

  @Test
  void arbitraryFloatsFallBackToFloat32AndStillRoundTrip() throws IOException {
    float[] patches = new float[2 * 2 * 2 * VisualInput.PATCH_ROW_WIDTH];
    Random random = new Random(7);
    for (int i = 0; i < patches.length; i++) {
      patches[i] = (float) random.nextGaussian();
    }
    VisualInput video = new VisualInput(patches, 2, 2, 2, true, 0.75);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    VisualInputCodec.write(out, List.of(video), config.mean(), config.std());

    assertThat(out.size()).isGreaterThan(patches.length * 4);
    assertSame(VisualInputCodec.readAll(new ByteArrayInputStream(out.toByteArray())).get(0), video);
  }

  @Test
  void oneEntryOfAShardFileIsReadWithoutTheOthers(@TempDir Path dir) throws IOException {
    List<VisualInput> inputs = List.of(processor.image(noise(40, 40, 3)), processor.image(noise(80, 30, 4)),
        processor.image(noise(30, 80, 5)));
    Path shard = dir.resolve("shard-00000.eqv");
    try (var out = Files.newOutputStream(shard)) {
      VisualInputCodec.write(out, inputs, config.mean(), config.std());
    }

    assertThat(VisualInputCodec.count(shard)).isEqualTo(3);
    assertSame(VisualInputCodec.read(shard, 2), inputs.get(2));
    assertSame(VisualInputCodec.read(shard, 0), inputs.get(0));
    assertThatThrownBy(() -> VisualInputCodec.read(shard, 3)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void aFileThatIsNotAShardIsRefused(@TempDir Path dir) throws IOException {
    Path notAShard = Files.writeString(dir.resolve("x.eqv"), "hello world, not a shard");

    assertThatThrownBy(() -> VisualInputCodec.count(notAShard)).isInstanceOf(IOException.class)
        .hasMessageContaining("magic");
  }

  private static void assertSame(VisualInput actual, VisualInput expected) {
    assertThat(actual.gridT()).isEqualTo(expected.gridT());
    assertThat(actual.gridH()).isEqualTo(expected.gridH());
    assertThat(actual.gridW()).isEqualTo(expected.gridW());
    assertThat(actual.video()).isEqualTo(expected.video());
    assertThat(actual.secondsPerGridT()).isEqualTo(expected.secondsPerGridT());
    assertThat(actual.patches()).containsExactly(expected.patches());
  }

  private static RgbImage noise(int width, int height, long seed) {
    byte[] rgb = new byte[width * height * 3];
    new Random(seed).nextBytes(rgb);
    return new RgbImage(width, height, rgb);
  }
}
