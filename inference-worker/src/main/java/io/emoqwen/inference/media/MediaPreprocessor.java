package io.emoqwen.inference.media;

import io.emoqwen.core.inference.WorkRequest;
import io.emoqwen.inference.serving.RequestRefused;
import io.emoqwen.model.input.ModelInput;
import io.emoqwen.model.input.VisualInput;
import io.emoqwen.model.media.MediaDecodeException;
import io.emoqwen.model.media.VideoDecoder;
import io.emoqwen.model.media.VideoProbe;
import io.emoqwen.model.processor.ModelInputs;
import io.emoqwen.model.processor.SampleRejectedException;
import io.emoqwen.model.processor.VideoSampling;
import io.emoqwen.model.processor.VisionProcessor;
import io.emoqwen.model.processor.VisualPlan;
import io.emoqwen.model.text.ChatMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Request media to model input on its own thread pool, so the model's thread never waits on FFmpeg: decode the
 * data URLs to files, read headers, plan frames and sizes, check the whole prompt against the token budget (all
 * before decoding a single frame), then decode, sample, resize and cut patch rows.
 */
public final class MediaPreprocessor implements AutoCloseable {

  /** A prompt ready for the model, and what it cost to make. */
  public record Prepared(ModelInput input, List<ChatMessage> messages, double videoSeconds, long cpuNanos) {}

  private final ExecutorService pool;

  public MediaPreprocessor(int threads) {
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "preprocess-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  public CompletableFuture<Prepared> prepare(List<WorkRequest.Message> messages, VisionProcessor processor,
      ModelInputs inputs, int maxPromptTokens) {
    return CompletableFuture.supplyAsync(() -> prepareNow(messages, processor, inputs, maxPromptTokens), pool);
  }

  Prepared prepareNow(List<WorkRequest.Message> messages, VisionProcessor processor, ModelInputs inputs,
      int maxPromptTokens) {
    long cpuStart = cpuNanos();
    List<Path> files = new ArrayList<>();
    try {
      List<ChatMessage> chat = new ArrayList<>();
      List<Media> media = new ArrayList<>();
      for (int m = 0; m < messages.size(); m++) {
        WorkRequest.Message message = messages.get(m);
        StringBuilder content = new StringBuilder();
        for (WorkRequest.Part part : message.parts()) {
          switch (part.type()) {
            case "text" -> content.append(part.text() == null ? "" : part.text());
            case "image", "video" -> {
              Path file = toFile(part);
              files.add(file);
              media.add(plan(part, file, processor));
              content.append(part.type().equals("video") ? "<video>" : "<image>");
            }
            default -> throw new RequestRefused(part.field(), "unknown content part type '" + part.type() + "'");
          }
        }
        try {
          chat.add(new ChatMessage(message.role(), content.toString()));
        } catch (IllegalArgumentException e) {
          throw new RequestRefused("messages[" + m + "].role", e.getMessage());
        }
      }
      int limit = Math.min(maxPromptTokens, inputs.tokenizer().modelMaxLength());
      try {
        inputs.budget(chat, media.stream().map(Media::plan).toList(), true).requireWithin(limit, "prompt");
      } catch (SampleRejectedException e) {
        throw new RequestRefused("messages", e.getMessage());
      }
      List<VisualInput> visuals = new ArrayList<>();
      double seconds = 0;
      for (Media item : media) {
        visuals.add(decode(item, processor));
        seconds += item.seconds();
      }
      ModelInput input;
      try {
        input = inputs.prompt(chat, visuals, limit);
      } catch (SampleRejectedException e) {
        throw new RequestRefused("messages", e.getMessage());
      }
      return new Prepared(input, chat, seconds, cpuNanos() - cpuStart);
    } finally {
      for (Path f : files) {
        try {
          Files.deleteIfExists(f);
        } catch (IOException ignored) {
          // a temp file left behind is harmless; the OS cleans its temp directory
        }
      }
    }
  }

  private record Media(WorkRequest.Part part, Path file, VisualPlan plan, double seconds) {}

  private static Media plan(WorkRequest.Part part, Path file, VisionProcessor processor) {
    try {
      if (part.type().equals("video")) {
        VideoProbe probe = VideoDecoder.probe(file);
        VisualPlan plan = processor.planVideo(probe, VideoSampling.defaults(processor.config()));
        return new Media(part, file, plan, probe.durationSeconds());
      }
      return new Media(part, file, processor.planImage(file), 0);
    } catch (MediaDecodeException | SampleRejectedException e) {
      throw new RequestRefused(part.field(), "cannot read the " + part.type() + ": " + reason(e));
    } catch (RuntimeException e) {
      throw new RequestRefused(part.field(), "cannot read the " + part.type());
    }
  }

  private static VisualInput decode(Media media, VisionProcessor processor) {
    try {
      return media.part().type().equals("video")
          ? processor.video(VideoDecoder.readFrames(media.file(), media.plan().frameIndices()), media.plan())
          : processor.image(media.file());
    } catch (MediaDecodeException | SampleRejectedException e) {
      throw new RequestRefused(media.part().field(), "cannot decode the " + media.part().type() + ": " + reason(e));
    }
  }

  /** The decoder names the temp file; the caller never saw that path, so only the reason after it is kept. */
  private static String reason(RuntimeException e) {
    String message = String.valueOf(e.getMessage());
    int colon = message.indexOf(": ");
    return e instanceof MediaDecodeException && colon >= 0 ? message.substring(colon + 2) : message;
  }

  private static Path toFile(WorkRequest.Part part) {
    String url = part.url();
    if (url == null || !url.startsWith("data:")) {
      throw new RequestRefused(part.field(), "must be a data: URL (base64)");
    }
    int comma = url.indexOf(',');
    if (comma < 0 || !url.substring(0, comma).endsWith(";base64")) {
      throw new RequestRefused(part.field(), "must be a base64 data: URL (data:<type>;base64,...)");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(url.substring(comma + 1));
    } catch (IllegalArgumentException e) {
      throw new RequestRefused(part.field(), "holds invalid base64");
    }
    if (bytes.length == 0) {
      throw new RequestRefused(part.field(), "is empty");
    }
    try {
      Path file = Files.createTempFile("emoqwen-media-", part.type().equals("video") ? ".mp4" : ".img");
      Files.write(file, bytes);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long cpuNanos() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
