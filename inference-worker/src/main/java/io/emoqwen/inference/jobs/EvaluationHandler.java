package io.emoqwen.inference.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.core.artifacts.ArtifactKey;
import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.artifacts.StoredArtifact;
import io.emoqwen.core.datasets.DatasetKind;
import io.emoqwen.core.datasets.DatasetManifest;
import io.emoqwen.core.inference.Benchmark;
import io.emoqwen.core.inference.InferenceJobs;
import io.emoqwen.core.inference.InferenceJobs.EvaluationPayload;
import io.emoqwen.core.jobs.JobContext;
import io.emoqwen.core.jobs.JobExceptions.PermanentFailure;
import io.emoqwen.core.jobs.JobHandler;
import io.emoqwen.core.jobs.JobType;
import io.emoqwen.inference.evaluation.DfewMetrics;
import io.emoqwen.inference.evaluation.EmerScores;
import io.emoqwen.inference.evaluation.EvaluationReport;
import io.emoqwen.inference.evaluation.Mer2024Metrics;
import io.emoqwen.model.text.ChatMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code inference.evaluate}: a checkpoint on a benchmark version. Each clip gets the label the model scores
 * highest among the benchmark's classes (the clean figures) and a generated answer (parsed as the published
 * scripts do, for the reference-compatible figures; judged for EMER). The report, with every clip's prediction,
 * goes to {@code tenants/<t>/evaluations/<job>/report.json}; the figures become a row of {@code evaluations} in the
 * transaction that marks the job done, so a retried or re-claimed job stores them once.
 */
public final class EvaluationHandler implements JobHandler<EvaluationPayload> {

  static final String JUDGE_SETTING = "emoqwen.inference.judge.endpoint";

  /** What the job's result says, and what the evaluations row holds. */
  public record EvaluationResult(UUID evaluationId, String benchmark, String language, int samples,
      Map<String, Object> metrics, String reportKey, String reportSha256) {}

  private final ReadyVersions versions;
  private final RecordPass pass;
  private final ArtifactStore store;
  private final JdbcClient jdbc;
  private final EmerJudge judge;
  private final ObjectMapper json = new ObjectMapper();

  /** @param judge null when no judge endpoint is configured */
  EvaluationHandler(ReadyVersions versions, RecordPass pass, ArtifactStore store, JdbcClient jdbc, EmerJudge judge) {
    this.versions = versions;
    this.pass = pass;
    this.store = store;
    this.jdbc = jdbc;
    this.judge = judge;
  }

  @Override
  public JobType<EvaluationPayload> type() {
    return InferenceJobs.EVALUATE;
  }

  private record Clip(String id, String truth, String scored, String answer, int tokens) {}

  @Override
  public Object handle(EvaluationPayload payload, JobContext context) throws Exception {
    UUID tenantId = context.job().tenantId();
    Benchmark benchmark = payload.benchmark();
    String language = payload.language() == null ? "en" : payload.language();
    versions.requireCheckpoint(tenantId, payload.checkpointId());
    DatasetManifest manifest = versions.manifest(tenantId, payload.datasetVersionId());
    if (manifest.kind() != DatasetKind.EVAL_CLIPS) {
      throw new PermanentFailure("dataset version " + payload.datasetVersionId() + " is " + manifest.kind().wireName()
          + ", not " + DatasetKind.EVAL_CLIPS.wireName());
    }
    List<String> labels = switch (benchmark) {
      case DFEW -> DfewMetrics.LABELS;
      case MER2024 -> Mer2024Metrics.LABELS;
      case EMER -> List.of();
    };
    for (DatasetManifest.Record record : manifest.records()) {
      if (benchmark == Benchmark.EMER) {
        if (!record.texts().containsKey(language)) {
          throw new PermanentFailure("record " + record.id() + " has no " + language + " annotation");
        }
      } else if (record.label() == null) {
        throw new PermanentFailure("record " + record.id() + " has no label: a " + benchmark.wireName()
            + " evaluation needs labelled clips (a label file, or a 'label' on each Emotion-Qwen JSON record)");
      } else if (!labels.contains(record.label())) {
        throw new PermanentFailure("record " + record.id() + " has label '" + record.label() + "', not one of "
            + labels);
      }
    }
    int maxNewTokens = payload.maxNewTokens() == null ? benchmark.maxNewTokens() : payload.maxNewTokens();
    List<Clip> clips = new ArrayList<>();
    AnswerLog log = AnswerLog.of(store, context);
    pass.run(payload.checkpointId(), manifest, record -> prompt(benchmark, language, record), labels, maxNewTokens,
        context, log, (record, answer) -> clips.add(new Clip(record.id(), truth(benchmark, language, record),
            answer.top(), answer.text(), answer.tokens())));

    Map<String, Object> metrics = switch (benchmark) {
      case DFEW -> EvaluationReport.dfew(DfewMetrics.of(clips.stream()
          .map(c -> new DfewMetrics.Sample(c.truth(), c.scored(), c.answer())).toList()));
      case MER2024 -> EvaluationReport.mer2024(Mer2024Metrics.of(clips.stream()
          .map(c -> new Mer2024Metrics.Sample(c.truth(), c.scored(), c.answer())).toList()));
      case EMER -> judge == null ? EvaluationReport.emerSkipped(JUDGE_SETTING, clips.size())
          : EvaluationReport.emer(judged(manifest, clips, language, context));
    };
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("benchmark", benchmark.wireName());
    report.put("language", language);
    report.put("checkpoint_id", payload.checkpointId());
    report.put("dataset_version_id", payload.datasetVersionId());
    report.put("metrics", metrics);
    report.put("clips", clips);
    ArtifactKey key = ArtifactKey.of(tenantId, "evaluations", context.job().id().toString(), "report.json");
    StoredArtifact stored = store.put(key, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
    log.clear();
    return new EvaluationResult(context.job().id(), benchmark.wireName(), language, clips.size(), metrics,
        stored.key().value(), stored.sha256());
  }

  @Override
  public void commitWithSuccess(EvaluationPayload payload, Object result, JobContext context) {
    EvaluationResult r = (EvaluationResult) result;
    try {
      jdbc.sql("INSERT INTO evaluations (id, tenant_id, checkpoint_id, dataset_version_id, benchmark, language,"
              + " samples, metrics, report_key, report_sha256) VALUES (:id, :tenant, :checkpoint, :version, :benchmark,"
              + " :language, :samples, CAST(:metrics AS jsonb), :key, :sha)")
          .param("id", r.evaluationId()).param("tenant", context.job().tenantId())
          .param("checkpoint", payload.checkpointId()).param("version", payload.datasetVersionId())
          .param("benchmark", r.benchmark()).param("language", r.language()).param("samples", r.samples())
          .param("metrics", json.writeValueAsString(r.metrics())).param("key", r.reportKey())
          .param("sha", r.reportSha256())
          .update();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * DFEW and MER2024 ask the record's first question (never a later one, which follows the answer); EMER asks for
   * reasoning in the evaluation's language with the clip's subtitle (MODEL.md section 4), in place of the text of
   * that first question, whose media placeholders stay.
   */
  private static List<ChatMessage> prompt(Benchmark benchmark, String language, DatasetManifest.Record record) {
    List<ChatMessage> question = Prompts.firstQuestion(record);
    if (benchmark != Benchmark.EMER) {
      return question;
    }
    String subtitle = record.texts().get(language).subtitle();
    String text = "zh".equals(language)
        ? "这段视频的字幕是：" + (subtitle == null ? "" : subtitle)
            + "\n请结合字幕和视觉线索分析视频，判断人物的情感类别。请说明理由，以“在视频中”开头。"
        : "The subtitle of this video is: " + (subtitle == null ? "" : subtitle)
            + "\nAnalyze the video, combined with the subtitle and visual clues, and determine the emotional category"
            + " of the character. Explain your reasoning, beginning with \"In the video\".";
    return Prompts.replacingUserText(record, question, text);
  }

  private static String truth(Benchmark benchmark, String language, DatasetManifest.Record record) {
    return benchmark == Benchmark.EMER ? record.texts().get(language).description() : record.label();
  }

  private EmerScores judged(DatasetManifest manifest, List<Clip> clips, String language, JobContext context)
      throws Exception {
    Map<String, DatasetManifest.Record> byId = new LinkedHashMap<>();
    manifest.records().forEach(r -> byId.put(r.id(), r));
    List<EmerScores.Judged> judged = new ArrayList<>();
    for (Clip clip : clips) {
      context.checkCancelled();
      String label = byId.get(clip.id()).texts().get(language).label();
      judged.add(new EmerScores.Judged(judge.clueOverlap(clip.truth(), clip.answer(), language),
          judge.labelOverlap(label, clip.answer(), language)));
    }
    return EmerScores.of(judged, judge.model());
  }
}
