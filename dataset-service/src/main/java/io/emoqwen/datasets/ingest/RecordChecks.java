package io.emoqwen.datasets.ingest;

import io.emoqwen.core.datasets.DatasetKind;
import io.emoqwen.core.datasets.DatasetManifest.Turn;
import io.emoqwen.core.datasets.ValidationReport.RecordError;
import io.emoqwen.datasets.importers.MediaFolder;
import io.emoqwen.datasets.importers.SourceRecord;
import io.emoqwen.datasets.ingest.CheckedRecord.CheckedMedia;
import io.emoqwen.model.media.ImageDecoder;
import io.emoqwen.model.media.MediaDecodeException;
import io.emoqwen.model.media.VideoDecoder;
import io.emoqwen.model.media.VideoProbe;
import io.emoqwen.model.processor.ModelInputs;
import io.emoqwen.model.processor.SampleRejectedException;
import io.emoqwen.model.processor.TokenBudget;
import io.emoqwen.model.processor.VideoSampling;
import io.emoqwen.model.processor.VisionProcessor;
import io.emoqwen.model.processor.VisualPlan;
import io.emoqwen.model.text.ChatMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Validates records from their text and media headers (nothing decoded yet): ids, turns, placeholders, media
 * names, presence, format, size, duration and the token budget of MODEL.md at the version's sampling. Each
 * problem becomes one {@link RecordError} naming the record, the field and the reason.
 */
final class RecordChecks {

  private static final List<String> IMAGE_EXTENSIONS = List.of("png", "jpg", "jpeg", "bmp", "gif");

  private final Path mediaRoot;
  private final DatasetKind kind;
  private final VisionProcessor processor;
  private final ModelInputs inputs;
  private final VideoSampling sampling;
  private final int maxLength;
  private final MediaLimits limits;
  private final Set<String> seenIds = new HashSet<>();

  RecordChecks(Path mediaRoot, DatasetKind kind, VisionProcessor processor, ModelInputs inputs,
      VideoSampling sampling, int maxLength, MediaLimits limits) {
    this.mediaRoot = mediaRoot.toAbsolutePath().normalize();
    this.kind = kind;
    this.processor = processor;
    this.inputs = inputs;
    this.sampling = sampling;
    this.maxLength = maxLength;
    this.limits = limits;
  }

  /** The checked record, or null after adding its problems to {@code errors}. */
  CheckedRecord check(SourceRecord record, List<RecordError> errors) {
    List<RecordError> problems = new ArrayList<>(record.problems());
    int index = record.index();
    String id = record.id();
    if (id != null && !seenIds.add(id)) {
      problems.add(new RecordError(index, id, "id", "duplicate id: an earlier record has the same id"));
    }
    checkTurns(record, problems);
    if (kind.videoOnly() && !record.video()) {
      problems.add(new RecordError(index, id, record.mediaField(), "a " + kind.wireName() + " dataset needs a video per record"));
    }
    List<CheckedMedia> media = new ArrayList<>();
    for (String name : record.media()) {
      CheckedMedia checked = checkMedia(record, name, problems);
      if (checked != null) {
        media.add(checked);
      }
    }
    if (problems.isEmpty()) {
      try {
        List<ChatMessage> messages = record.conversations().stream()
            .map(t -> new ChatMessage(t.role(), t.content())).toList();
        TokenBudget budget = inputs.budget(messages, media.stream().map(CheckedMedia::plan).toList(), false);
        budget.requireWithin(maxLength, "record " + id);
        return new CheckedRecord(record, media, budget);
      } catch (RuntimeException e) {
        problems.add(new RecordError(index, id, "tokens", e.getMessage()));
      }
    }
    errors.addAll(problems);
    return null;
  }

  private void checkTurns(SourceRecord record, List<RecordError> problems) {
    List<Turn> turns = record.conversations();
    int start = !turns.isEmpty() && turns.get(0).role().equals("system") ? 1 : 0;
    for (int t = start; t < turns.size(); t++) {
      String expected = (t - start) % 2 == 0 ? "user" : "assistant";
      if (!turns.get(t).role().equals(expected)) {
        problems.add(new RecordError(record.index(), record.id(), "conversations[" + t + "].role",
            "roles must alternate user/assistant; expected " + expected + ", got " + turns.get(t).role()));
        return;
      }
    }
    if (turns.size() > start && turns.get(turns.size() - 1).role().equals("user")) {
      problems.add(new RecordError(record.index(), record.id(), "conversations",
          "the last turn must be the assistant's (training learns from it)"));
    }
    String placeholder = record.video() ? "<video>" : "<image>";
    String other = record.video() ? "<image>" : "<video>";
    int count = 0;
    for (Turn turn : turns) {
      count += occurrences(turn.content(), placeholder);
      if (occurrences(turn.content(), other) > 0) {
        problems.add(new RecordError(record.index(), record.id(), "conversations",
            "holds " + other + " but the record's media are " + (record.video() ? "a video" : "images")));
      }
    }
    if (count != record.media().size()) {
      problems.add(new RecordError(record.index(), record.id(), "conversations", count + " " + placeholder
          + " placeholder(s) for " + record.media().size() + " medi" + (record.media().size() == 1 ? "um" : "a")
          + " in '" + record.mediaField() + "': they must match one to one"));
    }
  }

  private CheckedMedia checkMedia(SourceRecord record, String name, List<RecordError> problems) {
    String field = record.mediaField();
    int index = record.index();
    String id = record.id();
    String clean = name.replace('\\', '/');
    if (clean.isBlank() || clean.startsWith("/") || clean.matches("^[A-Za-z]:.*")
        || List.of(clean.split("/")).contains("..") || clean.chars().anyMatch(c -> c < 0x20)) {
      problems.add(new RecordError(index, id, field, "media name '" + printable(name)
          + "' is absolute or leaves the upload ('..'): names are relative paths inside the upload"));
      return null;
    }
    Path file = mediaRoot.resolve(clean).normalize();
    if (!file.startsWith(mediaRoot) || !Files.isRegularFile(file)) {
      problems.add(new RecordError(index, id, field, "no such media file '" + name + "' in the upload"));
      return null;
    }
    String extension = extension(clean);
    List<String> allowed = record.video() ? MediaFolder.VIDEO_EXTENSIONS : IMAGE_EXTENSIONS;
    if (!allowed.contains(extension)) {
      problems.add(new RecordError(index, id, field, "'" + name + "' has extension '." + extension + "', expected "
          + (record.video() ? "a video" : "an image") + " (" + String.join(", ", allowed) + ")"));
      return null;
    }
    try {
      if (Files.size(file) == 0) {
        problems.add(new RecordError(index, id, field, "'" + name + "' is empty (0 bytes)"));
        return null;
      }
    } catch (IOException e) {
      problems.add(new RecordError(index, id, field, "'" + name + "' cannot be read"));
      return null;
    }
    try {
      return record.video() ? video(record, name, file, problems) : image(record, name, file, problems);
    } catch (MediaDecodeException | SampleRejectedException e) {
      problems.add(new RecordError(index, id, field, "'" + name + "': " + reason(e, file)));
      return null;
    }
  }

  private CheckedMedia video(SourceRecord record, String name, Path file, List<RecordError> problems) {
    VideoProbe probe = VideoDecoder.probe(file);
    if (!sized(record, name, probe.width(), probe.height(), problems)) {
      return null;
    }
    String field = record.mediaField();
    if (!(probe.durationSeconds() > 0) || probe.durationSeconds() > limits.maxDurationSeconds()) {
      problems.add(new RecordError(record.index(), record.id(), field, "'" + name + "' lasts "
          + String.format(Locale.ROOT, "%.2f", probe.durationSeconds()) + " s, outside (0, " + limits.maxDurationSeconds() + "] s"));
      return null;
    }
    if (probe.fps() > limits.maxFps()) {
      problems.add(new RecordError(record.index(), record.id(), field, "'" + name + "' runs at " + probe.fps()
          + " fps, above " + limits.maxFps()));
      return null;
    }
    VisualPlan plan = processor.planVideo(probe, sampling);
    return new CheckedMedia(name, file, true, plan, probe.width(), probe.height(), probe.durationSeconds(),
        probe.fps(), probe.frameCount());
  }

  private CheckedMedia image(SourceRecord record, String name, Path file, List<RecordError> problems) {
    ImageDecoder.ImageSize size = ImageDecoder.probe(file);
    if (!sized(record, name, size.width(), size.height(), problems)) {
      return null;
    }
    VisualPlan plan = processor.planImage(file);
    return new CheckedMedia(name, file, false, plan, size.width(), size.height(), 0, 0, 1);
  }

  private boolean sized(SourceRecord record, String name, int width, int height, List<RecordError> problems) {
    String field = record.mediaField();
    if (width <= 0 || height <= 0) {
      problems.add(new RecordError(record.index(), record.id(), field, "'" + name + "' has no picture size"));
      return false;
    }
    if (Math.max(width, height) > limits.maxSide()) {
      problems.add(new RecordError(record.index(), record.id(), field, "'" + name + "' is " + width + "x" + height
          + ", above the limit of " + limits.maxSide() + " pixels per side"));
      return false;
    }
    double ratio = (double) Math.max(width, height) / Math.min(width, height);
    if (ratio > limits.maxAspectRatio()) {
      problems.add(new RecordError(record.index(), record.id(), field, "'" + name + "' is " + width + "x" + height
          + ": aspect ratio " + Math.round(ratio) + " is above " + Math.round(limits.maxAspectRatio())));
      return false;
    }
    return true;
  }

  /** The decoder's message without the worker's temporary path (users know their media by name). */
  private static String reason(RuntimeException e, Path file) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replace(file + ": ", "").replace(file.toString(), "");
  }

  private static int occurrences(String text, String token) {
    int count = 0;
    for (int i = text.indexOf(token); i >= 0; i = text.indexOf(token, i + token.length())) {
      count++;
    }
    return count;
  }

  private static String extension(String name) {
    String base = name.substring(name.lastIndexOf('/') + 1);
    int dot = base.lastIndexOf('.');
    return dot < 0 ? "" : base.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static String printable(String text) {
    return text.codePoints().limit(200).collect(StringBuilder::new,
        (b, c) -> b.append(c < 0x20 ? String.format("\\u%04x", c) : Character.toString(c)), StringBuilder::append).toString();
  }
}
