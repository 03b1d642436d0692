package io.emoqwen.model.processor;

import io.emoqwen.model.input.ModelInput;
import io.emoqwen.model.input.VisualInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Training records to model inputs, refusing (never truncating) those above the length limit. The budget is
 * checked from media headers before a single frame is decoded, so an oversized sample costs a header read.
 */
public final class TrainingExamples {

  private final ModelInputs inputs;
  private final VisionProcessor processor;
  private final Path mediaRoot;
  private final int maxLength;
  private final VideoSampling sampling;

  /**
   * @param mediaRoot the folder record media paths are relative to
   * @param maxLength model_max_length of the run
   * @param sampling fps and per-frame pixel cap for videos (the reference trains at 2 fps)
   */
  public TrainingExamples(ModelInputs inputs, VisionProcessor processor, Path mediaRoot, int maxLength, VideoSampling sampling) {
    this.inputs = inputs;
    this.processor = processor;
    this.mediaRoot = mediaRoot.toAbsolutePath().normalize();
    this.maxLength = maxLength;
    this.sampling = sampling;
  }

  /** Tokens the record will take, from its text and the headers of its media. */
  public TokenBudget budget(TrainingRecord record) {
    List<VisualPlan> plans = new ArrayList<>();
    for (Path file : files(record)) {
      plans.add(record.video() ? processor.planVideo(file, sampling) : processor.planImage(file));
    }
    return inputs.budget(record.messages(), plans, false);
  }

  /** The record as a training input, or a {@link SampleRejectedException} saying why it cannot be one. */
  public ModelInput build(TrainingRecord record) {
    budget(record).requireWithin(maxLength, "training sample " + record.id());
    List<VisualInput> visuals = new ArrayList<>();
    for (Path file : files(record)) {
      visuals.add(record.video() ? processor.video(file, sampling) : processor.image(file));
    }
    return inputs.training(record.messages(), visuals, maxLength);
  }

  private List<Path> files(TrainingRecord record) {
    List<Path> files = new ArrayList<>();
    for (String name : record.media()) {
      Path file = mediaRoot.resolve(name).normalize();
      if (!file.startsWith(mediaRoot)) {
        throw new SampleRejectedException("training sample " + record.id() + ": media path " + name + " leaves the media folder");
      }
      files.add(file);
    }
    return files;
  }
}
