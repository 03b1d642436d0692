package io.emoqwen.model.demo;

import io.emoqwen.model.media.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Writes frames as a real MPEG-4 clip (the FFmpeg build here has no x264) and pictures as PNG. */
final class ClipWriter {

  static {
    // FFmpeg prints every stream it opens; thousands of demo clips would bury real messages
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
  }

  private ClipWriter() {}

  static void mp4(Path file, List<RgbImage> frames, double fps) {
    RgbImage first = frames.get(0);
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), first.width(), first.height(), 0)) {
      recorder.setFormat("mp4");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
      recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(fps);
      recorder.setVideoQuality(3);
      recorder.setGopSize(8);
      // one encoder thread, bit-exact flags: the same seed gives the same bytes
      recorder.setVideoOption("threads", "1");
      recorder.setVideoOption("flags", "+bitexact");
      recorder.start();
      Frame frame = new Frame(first.width(), first.height(), Frame.DEPTH_UBYTE, 3);
      ByteBuffer buffer = (ByteBuffer) frame.image[0];
      for (RgbImage image : frames) {
        for (int y = 0; y < image.height(); y++) {
          for (int x = 0; x < image.width(); x++) {
            int at = y * frame.imageStride + x * 3;
            buffer.put(at, (byte) image.value(x, y, 0));
            buffer.put(at + 1, (byte) image.value(x, y, 1));
            buffer.put(at + 2, (byte) image.value(x, y, 2));
          }
        }
        recorder.record(frame, avutil.AV_PIX_FMT_RGB24);
      }
      recorder.stop();
    } catch (org.bytedeco.javacv.FrameRecorder.Exception e) {
      throw new IllegalStateException("cannot encode the demo clip " + file, e);
    }
  }

  static void png(Path file, RgbImage image) {
    BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        out.setRGB(x, y, image.value(x, y, 0) << 16 | image.value(x, y, 1) << 8 | image.value(x, y, 2));
      }
    }
    try {
      ImageIO.write(out, "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
