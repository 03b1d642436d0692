package io.emoqwen.model.demo;

import io.emoqwen.model.processor.TrainingRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Demo data written to a folder: per split, a training file ({@code NAME.json}, the Emotion-Qwen record
 * format plus {@code label}/{@code label_zh} on emotion records) and its media under {@code media/}.
 *
 * @param root the folder; record media paths are relative to it
 * @param records per split, as written
 * @param labels per split, record id to its emotion (absent for captions)
 */
public record DemoData(Path root, Map<DemoSplit, List<TrainingRecord>> records, Map<DemoSplit, Map<String, DemoEmotion>> labels) {

  public Path recordsFile(DemoSplit split) {
    return root.resolve(split.fileName() + ".json");
  }

  public List<TrainingRecord> records(DemoSplit split) {
    return records.get(split);
  }

  public DemoEmotion labelOf(DemoSplit split, String id) {
    return labels.get(split).get(id);
  }
}
