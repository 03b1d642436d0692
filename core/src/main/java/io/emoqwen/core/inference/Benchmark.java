package io.emoqwen.core.inference;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.emoqwen.core.datasets.SourceFormat;
import io.emoqwen.core.wire.WireNames;

/**
 * The emotion benchmarks an evaluation job scores (MODEL.md section 5). A version imported from another
 * benchmark's label file cannot be scored as this one; Emotion-Qwen JSON versions may be (their labels are checked
 * record by record when the job runs).
 */
public enum Benchmark {
  DFEW(SourceFormat.DFEW_CSV, 128),
  MER2024(SourceFormat.MER2024_CSV, 128),
  EMER(SourceFormat.EMER_CSV, 1024);

  private final SourceFormat labelFile;
  private final int maxNewTokens;

  Benchmark(SourceFormat labelFile, int maxNewTokens) {
    this.labelFile = labelFile;
    this.maxNewTokens = maxNewTokens;
  }

  /** The generation limit of the published evaluation: one word for the label benchmarks, reasoning for EMER. */
  public int maxNewTokens() {
    return maxNewTokens;
  }

  /** Whether a version imported from {@code format} (null: unknown) can be scored as this benchmark. */
  public boolean accepts(SourceFormat format) {
    return format == null || format == labelFile || format == SourceFormat.EMOTION_QWEN_JSON
        || format == SourceFormat.EMOTION_QWEN_JSONL;
  }

  @JsonValue
  public String wireName() {
    return WireNames.of(this);
  }

  @JsonCreator
  public static Benchmark of(String wireName) {
    return WireNames.parse(Benchmark.class, wireName, "benchmark");
  }
}
