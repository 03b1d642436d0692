package io.emoqwen.inference.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.artifacts.StoredArtifact;
import io.emoqwen.core.datasets.DatasetManifest;
import io.emoqwen.core.inference.InferenceJobs;
import io.emoqwen.core.inference.InferenceJobs.BatchPayload;
import io.emoqwen.core.inference.InferenceJobs.Question;
import io.emoqwen.core.jobs.JobContext;
import io.emoqwen.core.jobs.JobHandler;
import io.emoqwen.core.jobs.JobType;
import io.emoqwen.model.text.ChatMessage;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code inference.batch}: every record of a READY version through a checkpoint, one JSON line per record
 * ({@code id, label, answer, distribution, top, tokens}) in {@code tenants/<t>/inference/batches/<job>/results.jsonl}.
 * The file is written locally and uploaded whole when the last record is done, so the key never holds a partial
 * file; the job's result names the key, the line count and the SHA-256. It has no database effects of its own.
 */
public final class BatchInferenceHandler implements JobHandler<BatchPayload> {

  /** What the job's result says. */
  public record BatchResult(String resultsKey, int records, long bytes, String sha256) {}

  private final ReadyVersions versions;
  private final RecordPass pass;
  private final ArtifactStore store;
  private final ObjectMapper json = new ObjectMapper();

  BatchInferenceHandler(ReadyVersions versions, RecordPass pass, ArtifactStore store) {
    this.versions = versions;
    this.pass = pass;
    this.store = store;
  }

  @Override
  public JobType<BatchPayload> type() {
    return InferenceJobs.BATCH;
  }

  /** The question the payload asks of a record, its text replaced when the payload gives one. */
  static List<ChatMessage> prompt(BatchPayload payload, DatasetManifest.Record record) {
    List<ChatMessage> question = payload.question() == Question.FIRST ? Prompts.firstQuestion(record)
        : Prompts.of(record);
    return payload.prompt() == null ? question : Prompts.replacingUserText(record, question, payload.prompt());
  }

  @Override
  public Object handle(BatchPayload payload, JobContext context) throws Exception {
    UUID tenantId = context.job().tenantId();
    versions.requireCheckpoint(tenantId, payload.checkpointId());
    DatasetManifest manifest = versions.manifest(tenantId, payload.datasetVersionId());
    AnswerLog log = AnswerLog.of(store, context);
    Path file = Files.createTempFile("batch-" + context.job().id(), ".jsonl");
    try {
      int[] lines = {0};
      try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        pass.run(payload.checkpointId(), manifest, record -> prompt(payload, record), payload.labels(),
            payload.maxNewTokens(), context, log, (record, answer) -> {
              Map<String, Object> line = new LinkedHashMap<>();
              line.put("id", record.id());
              line.put("label", record.label());
              line.put("answer", answer.text());
              line.put("distribution", answer.distribution());
              line.put("top", answer.top());
              line.put("tokens", answer.tokens());
              out.write(json.writeValueAsString(line));
              out.write('\n');
              lines[0]++;
            });
      }
      context.checkCancelled();
      StoredArtifact stored = store.put(InferenceJobs.batchResults(tenantId, context.job().id()), file);
      context.log("wrote " + lines[0] + " results to " + stored.key().value());
      log.clear();
      return new BatchResult(stored.key().value(), lines[0], stored.size(), stored.sha256());
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
