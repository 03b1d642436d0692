package io.emoqwen.model.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoDecoderTest {

  @TempDir static Path dir;
  static Path clip;

  @BeforeAll
  static void writeClip() {
    clip = TestMedia.video(dir.resolve("clip.mp4"), 40, 20, 96, 64);
  }

  @Test
  void probeReadsTheHeaderFacts() {
    VideoProbe probe = VideoDecoder.probe(clip);
    assertThat(probe.frameCount()).isEqualTo(40);
    assertThat(probe.fps()).isEqualTo(20.0);
    assertThat(probe.durationSeconds()).isEqualTo(2.0);
    assertThat(probe.width()).isEqualTo(96);
    assertThat(probe.height()).isEqualTo(64);
    assertThat(probe.codec()).isEqualTo("mpeg4");
  }

  @Test
  void readFramesReturnsTheRequestedFramesInOrder() {
    int[] indices = {0, 13, 26, 39};
    List<RgbImage> frames = VideoDecoder.readFrames(clip, indices);
    assertThat(frames).hasSize(4);
    for (int i = 0; i < indices.length; i++) {
      RgbImage frame = frames.get(i);
      assertThat(frame.width()).isEqualTo(96);
      assertThat(frame.height()).isEqualTo(64);
      // background far from the square: the frame's own red, within codec error
      assertThat(frame.value(80, 50, 0)).as("red of frame %d", indices[i]).isCloseTo(TestMedia.redOf(indices[i]), within(6));
      assertThat(frame.value(80, 50, 2)).isCloseTo(160, within(6));
      // the white square has moved to x = 2 * index
      int squareX = 2 * indices[i] % 96 + 8;
      assertThat(frame.value(squareX, 16, 1)).as("square of frame %d", indices[i]).isGreaterThan(230);
    }
  }

  @Test
  void indicesPastTheEndRepeatTheLastFrame() {
    List<RgbImage> frames = VideoDecoder.readFrames(clip, new int[] {38, 39, 45});
    assertThat(frames).hasSize(3);
    assertThat(frames.get(2)).isSameAs(frames.get(1));
  }

  @Test
  void garbageIsRefusedWithTheFileName() throws IOException {
    Path junk = Files.write(dir.resolve("junk.mp4"), "this is not a video at all".repeat(50).getBytes());
    assertThatThrownBy(() -> VideoDecoder.probe(junk))
        .isInstanceOf(MediaDecodeException.class)
        .hasMessageContaining("junk.mp4")
        .hasMessageContaining("not a readable video");
  }

  @Test
  void aMissingFileIsRefused() {
    assertThatThrownBy(() -> VideoDecoder.readFrames(dir.resolve("absent.mp4"), new int[] {0}))
        .isInstanceOf(MediaDecodeException.class)
        .hasMessageContaining("no such file");
  }

  @Test
  void anImageIsNotAVideo() {
    Path png = TestMedia.png(dir.resolve("still.png"), 32, 32);
    assertThatThrownBy(() -> VideoDecoder.probe(png))
        .isInstanceOf(MediaDecodeException.class)
        .hasMessageContaining("still image");
  }
}
