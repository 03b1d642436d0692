package io.emoqwen.tests.bench;

import io.emoqwen.model.input.VisualInput;
import io.emoqwen.model.input.VisualInputCodec;
import io.emoqwen.model.media.VideoDecoder;
import io.emoqwen.model.processor.ProcessorConfig;
import io.emoqwen.model.processor.VideoSampling;
import io.emoqwen.model.processor.VisionProcessor;
import io.emoqwen.model.processor.VisualPlan;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Ingest's per-clip work (header probe and plan, i.e. validation; sampled-frame decode, resize, patch rows and
 * shard encoding, i.e. frame extraction) against FFmpeg decoding the same frames of the same clips alone, in
 * the same run. ratio = clips_per_s / decode_only_clips_per_s; the target is >= 0.5.
 */
public class IngestBenchmark implements Benchmark {

  @Override
  public Map<String, Object> run(boolean quick) throws Exception {
    int clips = quick ? 12 : 48;
    Path dir = Files.createTempDirectory("ingest-bench");
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < clips; i++) {
      Path file = dir.resolve("clip-" + i + ".mp4");
      writeClip(file, 320, 240, 50, 25, i);
      files.add(file);
    }
    ProcessorConfig config = ProcessorConfig.small();
    VisionProcessor processor = new VisionProcessor(config);
    VideoSampling sampling = VideoSampling.defaults(config);
    List<VisualPlan> plans = new ArrayList<>();
    for (Path file : files) {
      plans.add(processor.planVideo(file, sampling));
    }
    // One untimed round over every clip first: FFmpeg is native and needs no warming, but the resize and patch
    // loops are Java, and two clips left them compiling during the timed rounds (measured as ingest time).
    ingest(files, processor, sampling, config);
    decodeOnly(files, plans);
    double decodeSeconds = 0;
    double ingestSeconds = 0;
    for (int round = 0; round < 2; round++) {
      decodeSeconds += decodeOnly(files, plans);
      ingestSeconds += ingest(files, processor, sampling, config);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("clips", clips);
    out.put("clip", "320x240, 50 frames at 25 fps, MPEG-4; emotion-qwen-small processor at 2 fps");
    out.put("clips_per_s", Figures.round(2 * clips / ingestSeconds, 3));
    out.put("decode_only_clips_per_s", Figures.round(2 * clips / decodeSeconds, 3));
    out.put("ratio", Figures.round(decodeSeconds / ingestSeconds, 3));
    return out;
  }

  private static double ingest(List<Path> files, VisionProcessor processor, VideoSampling sampling,
      ProcessorConfig config) throws Exception {
    long start = System.nanoTime();
    List<VisualInput> shard = new ArrayList<>();
    for (Path file : files) {
      VisualPlan plan = processor.planVideo(VideoDecoder.probe(file), sampling);
      shard.add(processor.video(VideoDecoder.readFrames(file, plan.frameIndices()), plan));
    }
    VisualInputCodec.write(OutputStream.nullOutputStream(), shard, config.mean(), config.std());
    return (System.nanoTime() - start) / 1e9;
  }

  private static double decodeOnly(List<Path> files, List<VisualPlan> plans) {
    long start = System.nanoTime();
    for (int i = 0; i < files.size(); i++) {
      VideoDecoder.readFrames(files.get(i), plans.get(i).frameIndices());
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static void writeClip(Path file, int width, int height, int frames, double fps, long seed) throws Exception {
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
      recorder.setFormat("mp4");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
      recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(fps);
      recorder.setVideoOption("threads", "1");
      recorder.start();
      Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
      ByteBuffer buffer = (ByteBuffer) frame.image[0];
      for (int f = 0; f < frames; f++) {
        for (int y = 0; y < height; y++) {
          for (int x = 0; x < width * 3; x++) {
            buffer.put(y * frame.imageStride + x, (byte) ((x * (seed + 1) + y * 3 + f * 5) & 0xff));
          }
        }
        recorder.record(frame, avutil.AV_PIX_FMT_RGB24);
      }
      recorder.stop();
    }
  }
}
