package io.emoqwen.core.datasets;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.emoqwen.core.wire.WireNames;

/** The file formats users bring (samples in shared/fixtures/emotion-qwen-eval/). */
public enum SourceFormat {
  /** Emotion-Qwen training JSON: a list of {@code {id, image | video, conversations}}. */
  EMOTION_QWEN_JSON,
  /** The same records, one JSON object per line. */
  EMOTION_QWEN_JSONL,
  /** DFEW label file: {@code video_name,label} with label 1..7. */
  DFEW_CSV,
  /** MER2024 label file: {@code name,discrete}. */
  MER2024_CSV,
  /** EMER annotations: {@code names,emotions,subtitles,reasons}, an English and a Chinese file of the same clips. */
  EMER_CSV;

  @JsonValue
  public String wireName() {
    return WireNames.of(this);
  }

  @JsonCreator
  public static SourceFormat of(String wireName) {
    return WireNames.parse(SourceFormat.class, wireName, "source format");
  }
}
