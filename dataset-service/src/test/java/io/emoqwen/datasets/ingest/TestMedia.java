package io.emoqwen.datasets.ingest;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Real media written for tests: MPEG-4 clips (no x264 here) and PNG pictures, deterministic from a seed. */
final class TestMedia {

  private TestMedia() {}

  static byte[] clip(int width, int height, int frames, double fps, long seed) {
    try {
      Path file = Files.createTempFile("clip", ".mp4");
      try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
        recorder.setFormat("mp4");
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        recorder.setVideoOption("threads", "1");
        recorder.start();
        Random random = new Random(seed);
        Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
        ByteBuffer buffer = (ByteBuffer) frame.image[0];
        for (int f = 0; f < frames; f++) {
          int base = random.nextInt(200);
          for (int y = 0; y < height; y++) {
            for (int x = 0; x < width * 3; x++) {
              buffer.put(y * frame.imageStride + x, (byte) (base + (x + y + f) % 50));
            }
          }
          recorder.record(frame, avutil.AV_PIX_FMT_RGB24);
        }
        recorder.stop();
      }
      byte[] bytes = Files.readAllBytes(file);
      Files.delete(file);
      return bytes;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] png(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, (x * 7 + y * 3) & 0xffffff);
      }
    }
    try {
      var out = new java.io.ByteArrayOutputStream();
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
