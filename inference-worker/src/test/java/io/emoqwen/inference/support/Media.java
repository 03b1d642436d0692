package io.emoqwen.inference.support;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Media the tests make: an MPEG-4 clip and a PNG, as data URLs. */
public final class Media {

  private Media() {}

  public static String videoDataUrl(Path dir, int frames, double fps) throws Exception {
    Path file = dir.resolve("clip-" + frames + ".mp4");
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 112, 112, 0)) {
      recorder.setFormat("mp4");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
      recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(fps);
      recorder.start();
      Frame frame = new Frame(112, 112, Frame.DEPTH_UBYTE, 3);
      ByteBuffer buffer = (ByteBuffer) frame.image[0];
      for (int i = 0; i < frames; i++) {
        for (int y = 0; y < 112; y++) {
          for (int x = 0; x < 112 * 3; x++) {
            buffer.put(y * frame.imageStride + x, (byte) ((x + y + i * 9) % 256));
          }
        }
        recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
      }
      recorder.stop();
    }
    return "data:video/mp4;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(file));
  }

  public static String pngDataUrl(int width, int height) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | 40);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
  }

  public static String garbageVideoDataUrl() {
    return "data:video/mp4;base64," + Base64.getEncoder().encodeToString("this is not a video at all".repeat(20).getBytes());
  }
}
