package io.emoqwen.core.inference;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.emoqwen.core.artifacts.ArtifactKey;
import io.emoqwen.core.jobs.JobType;
import io.emoqwen.core.wire.WireNames;
import java.util.List;
import java.util.UUID;

/**
 * Offline inference over a READY dataset version, queued by the gateway and claimed by the inference role. Both
 * read the version's manifest and pre-processed shards (media are not decoded again) and run the checkpoint.
 */
public final class InferenceJobs {

  public static final JobType<BatchPayload> BATCH = JobType.of("inference.batch", BatchPayload.class);
  public static final JobType<EvaluationPayload> EVALUATE = JobType.of("inference.evaluate", EvaluationPayload.class);

  private InferenceJobs() {}

  /** Where a batch job's results are: the worker writes them there, the gateway serves them from there. */
  public static ArtifactKey batchResults(UUID tenantId, UUID jobId) {
    return ArtifactKey.of(tenantId, "inference", "batches", jobId.toString(), "results.jsonl");
  }

  /**
   * Answers for every record, written as JSONL to {@code tenants/<t>/inference/batches/<job>/results.jsonl}.
   *
   * @param prompt replaces the asked question's text when set (the media placeholders are kept)
   * @param maxNewTokens generation limit per record
   * @param labels the label set scored per record (empty: no distribution)
   * @param question which of a multi-turn record's questions is asked (null: {@link Question#LAST})
   */
  public record BatchPayload(UUID checkpointId, UUID datasetVersionId, String prompt, int maxNewTokens,
      List<String> labels, Question question) {
    public BatchPayload {
      labels = labels == null ? List.of() : List.copyOf(labels);
      question = question == null ? Question.LAST : question;
    }
  }

  /** Which question of a record a batch asks; the same for a record of one question and its answer. */
  public enum Question {
    /** The record's first question alone: no answer of the record is in the context. */
    FIRST,
    /** The record's last question, after every earlier turn, earlier answers included (the conversation so far). */
    LAST;

    @JsonValue
    public String wireName() {
      return WireNames.of(this);
    }

    @JsonCreator
    public static Question of(String wireName) {
      return WireNames.parse(Question.class, wireName, "question");
    }
  }

  /**
   * Scores a checkpoint on a benchmark version; the report goes to S3 and into the {@code evaluations} table.
   *
   * @param language {@code en} or {@code zh}: the texts EMER prompts with and is judged against
   * @param maxNewTokens generation limit per clip; null: the benchmark's own (MODEL.md section 4)
   */
  public record EvaluationPayload(UUID checkpointId, UUID datasetVersionId, Benchmark benchmark, String language,
      Integer maxNewTokens) {}
}
