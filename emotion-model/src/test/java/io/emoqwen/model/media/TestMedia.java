package io.emoqwen.model.media;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Small media files the tests write themselves: MPEG-4 clips with a known picture per frame, and PNGs. */
public final class TestMedia {

  private TestMedia() {}

  /** Background red channel of frame {@code i}: steps of 5 so a lossy codec cannot confuse neighbours. */
  public static int redOf(int frameIndex) {
    return (frameIndex * 5) % 250;
  }

  /**
   * An MPEG-4 clip: frame i has background (redOf(i), 90, 160) and a white 16x16 square moving right by 2 px a
   * frame.
   */
  public static Path video(Path file, int frames, double fps, int width, int height) {
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
      recorder.setFormat("mp4");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
      recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(fps);
      recorder.setVideoQuality(2); // qscale 2: close to lossless, so tests can check colours
      recorder.setGopSize(12);
      recorder.start();
      Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
      ByteBuffer buffer = (ByteBuffer) frame.image[0];
      for (int i = 0; i < frames; i++) {
        for (int y = 0; y < height; y++) {
          for (int x = 0; x < width; x++) {
            boolean square = x >= 2 * i % width && x < 2 * i % width + 16 && y >= 8 && y < 24;
            int at = y * frame.imageStride + x * 3;
            buffer.put(at, (byte) (square ? 255 : 160)); // BGR
            buffer.put(at + 1, (byte) (square ? 255 : 90));
            buffer.put(at + 2, (byte) (square ? 255 : redOf(i)));
          }
        }
        recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
      }
      recorder.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot write test video " + file, e);
    }
    return file;
  }

  /** A PNG with a horizontal red ramp and a vertical green ramp. */
  public static Path png(Path file, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | 40);
      }
    }
    try {
      ImageIO.write(image, "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
