package io.emoqwen.model.media;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegLogCallback;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/** Reads videos with FFmpeg (through JavaCV): the header facts, and chosen frames as RGB. */
public final class VideoDecoder {

  static {
    // FFmpeg prints every damaged packet to stderr; a decode failure reaches the caller as an exception instead.
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    FFmpegLogCallback.set();
  }

  private VideoDecoder() {}

  /**
   * Frame count, rate, size and codec without decoding pictures. The count is the container's when it records
   * one, otherwise the video packets are counted (still no decoding).
   */
  public static VideoProbe probe(Path file) {
    try (FFmpegFrameGrabber grabber = open(file)) {
      AVStream stream = grabber.getFormatContext().streams(grabber.getVideoStream());
      int frames = (int) stream.nb_frames();
      if (frames <= 0) {
        frames = countVideoPackets(grabber);
      }
      double fps = grabber.getVideoFrameRate();
      if (frames <= 0 || !(fps > 0)) {
        throw new MediaDecodeException(file, "video stream holds no frames");
      }
      String codec = avcodec.avcodec_get_name(stream.codecpar().codec_id()).getString();
      return new VideoProbe(frames / fps, fps, frames, grabber.getImageWidth(), grabber.getImageHeight(), codec);
    } catch (FrameGrabber.Exception e) {
      throw new MediaDecodeException(file, "not a readable video", e);
    }
  }

  /**
   * Decodes the frames at the given indices (0-based, ascending, repeats allowed), in that order. Every frame
   * is decoded in sequence, as decord's index access does, but only the wanted ones are converted to RGB.
   * When the file ends before the header's count promised, the missing indices repeat the last frame decoded
   * so that the plan made from the header (and its token budget) still holds.
   */
  public static List<RgbImage> readFrames(Path file, int[] indices) {
    List<RgbImage> out = new ArrayList<>(indices.length);
    try (FFmpegFrameGrabber grabber = open(file)) {
      RgbImage last = null;
      int next = 0;
      for (int frameIndex = 0; next < indices.length; frameIndex++) {
        boolean wanted = indices[next] == frameIndex;
        Frame frame = grabber.grabFrame(false, true, wanted, false, false);
        if (frame == null) {
          break;
        }
        if (!wanted) {
          continue;
        }
        last = toRgb(frame);
        while (next < indices.length && indices[next] == frameIndex) {
          out.add(last);
          next++;
        }
      }
      if (last == null) {
        throw new MediaDecodeException(file, "no frame could be decoded");
      }
      while (out.size() < indices.length) {
        out.add(last);
      }
      return out;
    } catch (FrameGrabber.Exception e) {
      throw new MediaDecodeException(file, "decoding failed", e);
    }
  }

  private static FFmpegFrameGrabber open(Path file) throws FrameGrabber.Exception {
    if (!Files.isRegularFile(file)) {
      throw new MediaDecodeException(file, "no such file");
    }
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
    grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
    try {
      grabber.start();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      grabber.close();
      throw new MediaDecodeException(file, "not a readable video", e);
    }
    if (grabber.getVideoStream() < 0 || grabber.getImageWidth() <= 0) {
      grabber.close();
      throw new MediaDecodeException(file, "the file has no video stream");
    }
    // FFmpeg opens a PNG or JPEG as a one-frame "video" (image2, png_pipe...): say what it really is.
    String format = grabber.getFormat();
    if (format != null && (format.startsWith("image2") || format.endsWith("_pipe"))) {
      grabber.close();
      throw new MediaDecodeException(file, "is a still image (" + format + "), not a video");
    }
    return grabber;
  }

  private static int countVideoPackets(FFmpegFrameGrabber grabber) throws FrameGrabber.Exception {
    int count = 0;
    int videoStream = grabber.getVideoStream();
    for (AVPacket packet = grabber.grabPacket(); packet != null; packet = grabber.grabPacket()) {
      if (packet.stream_index() == videoStream) {
        count++;
      }
    }
    return count;
  }

  private static RgbImage toRgb(Frame frame) {
    int w = frame.imageWidth;
    int h = frame.imageHeight;
    ByteBuffer buffer = (ByteBuffer) frame.image[0];
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      buffer.get(y * frame.imageStride, rgb, y * w * 3, w * 3);
    }
    return new RgbImage(w, h, rgb);
  }
}
