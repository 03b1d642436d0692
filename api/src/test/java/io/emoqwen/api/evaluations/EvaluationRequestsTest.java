package io.emoqwen.api.evaluations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.emoqwen.api.support.ApiTest;
import io.emoqwen.api.support.Http;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Evaluations and batch inference as the gateway takes them: every refusal before a job is queued. */
class EvaluationRequestsTest extends ApiTest {

  record World(TenantRef tenant, Http.Credentials member, String checkpoints, UUID checkpointId) {}

  World aWorld() {
    TenantRef tenant = aTenant();
    Http.Credentials member = aKey(tenant, "MEMBER");
    String checkpoints = "/api/v1/tenants/" + tenant.slug() + "/checkpoints";
    UUID checkpointId = UUID.fromString(http().post(checkpoints, member,
        Map.of("name", "ckpt", "modelConfig", "emotion-qwen-small")).expect(201).json().get("id").asText());
    return new World(tenant, member, checkpoints, checkpointId);
  }

  UUID aVersion(TenantRef tenant, String kind, String state, String format) {
    UUID datasetId = UUID.randomUUID();
    UUID versionId = UUID.randomUUID();
    transactions.inTenant(tenant.id(), () -> {
      jdbc.sql("INSERT INTO datasets (id, tenant_id, name, kind) VALUES (:id, :t, :n, :k)").param("id", datasetId)
          .param("t", tenant.id()).param("n", "d-" + datasetId).param("k", kind).update();
      return jdbc.sql("INSERT INTO dataset_versions (id, tenant_id, dataset_id, version, state, source_format)"
              + " VALUES (:id, :t, :d, 1, :s, :f)")
          .param("id", versionId).param("t", tenant.id()).param("d", datasetId).param("s", state).param("f", format)
          .update();
    });
    return versionId;
  }

  long inferenceJobs(TenantRef tenant) {
    return transactions.inTenant(tenant.id(), () -> jdbc.sql(
        "SELECT count(*) FROM jobs WHERE type LIKE 'inference.%'").query(Long.class).single());
  }

  @Test
  void requests_that_could_only_fail_are_refused_with_a_problem_and_queue_nothing() {
    World w = aWorld();
    World other = aWorld();
    String evaluations = w.checkpoints() + "/" + w.checkpointId() + "/evaluations";
    String batches = w.checkpoints() + "/" + w.checkpointId() + "/batch-inferences";
    UUID ready = aVersion(w.tenant(), "eval_clips", "READY", "dfew_csv");

    http().post(w.checkpoints() + "/" + UUID.randomUUID() + "/evaluations", w.member(),
        Map.of("datasetVersionId", ready, "benchmark", "dfew")).expectProblem(404);
    http().post(w.checkpoints() + "/" + other.checkpointId() + "/batch-inferences", w.member(),
        Map.of("datasetVersionId", ready)).expectProblem(404);
    UUID foreignVersion = aVersion(other.tenant(), "eval_clips", "READY", "dfew_csv");
    assertThat(http().post(evaluations, w.member(), Map.of("datasetVersionId", foreignVersion, "benchmark", "dfew"))
        .expectProblem(404).get("detail").asText()).contains("dataset version");

    JsonNode pending = http().post(evaluations, w.member(), Map.of("datasetVersionId",
        aVersion(w.tenant(), "eval_clips", "PENDING", "dfew_csv"), "benchmark", "dfew")).expectProblem(409);
    assertThat(pending.get("detail").asText()).startsWith("datasetVersionId:").contains("PENDING");
    http().post(batches, w.member(), Map.of("datasetVersionId",
        aVersion(w.tenant(), "video", "INGESTING", null))).expectProblem(409);

    JsonNode wrongKind = http().post(evaluations, w.member(), Map.of("datasetVersionId",
        aVersion(w.tenant(), "ver_clips", "READY", "emotion_qwen_jsonl"), "benchmark", "dfew")).expectProblem(422);
    assertThat(wrongKind.get("detail").asText()).startsWith("datasetVersionId:").contains("eval_clips");
    JsonNode otherBenchmark = http().post(evaluations, w.member(),
        Map.of("datasetVersionId", ready, "benchmark", "emer")).expectProblem(422);
    assertThat(otherBenchmark.get("detail").asText()).contains("dfew_csv").contains("emer");

    assertThat(http().post(evaluations, w.member(), Map.of("datasetVersionId", ready, "benchmark", "emotions"))
        .expectProblem(400).toString()).contains("benchmark").contains("emotions");
    http().post(evaluations, w.member(), Map.of("datasetVersionId", ready, "benchmark", "dfew", "language", "fr"))
        .expectProblem(400);
    http().post(batches, w.member(), Map.of("datasetVersionId", ready, "maxNewTokens", 0)).expectProblem(400);
    assertThat(http().post(batches, w.member(), Map.of("datasetVersionId", ready, "question", "middle"))
        .expectProblem(400).toString()).contains("question").contains("[first, last]");

    assertThat(inferenceJobs(w.tenant())).isZero();
  }

  @Test
  void an_accepted_evaluation_and_batch_are_queued_once_per_idempotency_key_and_evaluations_read_back() {
    World w = aWorld();
    UUID ready = aVersion(w.tenant(), "eval_clips", "READY", "mer2024_csv");
    String base = w.checkpoints() + "/" + w.checkpointId();
    Http.Credentials keyed = w.member().with("Idempotency-Key", "eval-1");
    JsonNode accepted = http().post(base + "/evaluations", keyed,
        Map.of("datasetVersionId", ready, "benchmark", "mer2024", "language", "zh")).expect(202).json();
    JsonNode again = http().post(base + "/evaluations", keyed,
        Map.of("datasetVersionId", ready, "benchmark", "mer2024", "language", "zh")).expect(202).json();
    assertThat(again.get("jobId")).isEqualTo(accepted.get("jobId"));
    assertThat(accepted.get("type").asText()).isEqualTo("inference.evaluate");
    JsonNode job = http().get("/api/v1/tenants/" + w.tenant().slug() + "/jobs/" + accepted.get("jobId").asText(),
        w.member()).expect(200).json();
    assertThat(job.at("/payload/benchmark").asText()).isEqualTo("mer2024");
    assertThat(job.at("/payload/language").asText()).isEqualTo("zh");
    assertThat(job.at("/payload/checkpointId").asText()).isEqualTo(w.checkpointId().toString());

    JsonNode batch = http().post(base + "/batch-inferences", w.member(), Map.of("datasetVersionId", ready,
        "labels", List.of("happy", "sad"), "maxNewTokens", 16, "question", "first")).expect(202).json();
    assertThat(batch.get("type").asText()).isEqualTo("inference.batch");
    assertThat(http().get("/api/v1/tenants/" + w.tenant().slug() + "/jobs/" + batch.get("jobId").asText(),
        w.member()).expect(200).json().at("/payload/question").asText()).isEqualTo("first");
    assertThat(inferenceJobs(w.tenant())).isEqualTo(2);
    // its results are not there before it succeeded; an evaluation job is not a batch
    http().get(base + "/batch-inferences/" + batch.get("jobId").asText() + "/results", w.member()).expectProblem(409);
    http().get(base + "/batch-inferences/" + accepted.get("jobId").asText() + "/results", w.member())
        .expectProblem(404);

    UUID evaluation = UUID.randomUUID();
    transactions.inTenant(w.tenant().id(), () -> jdbc.sql("INSERT INTO evaluations (id, tenant_id, checkpoint_id,"
            + " dataset_version_id, benchmark, language, samples, metrics, report_key, report_sha256) VALUES (:id, :t,"
            + " :c, :v, 'mer2024', 'en', 3, '{\"accuracy\": 0.5}', 'k', 's')")
        .param("id", evaluation).param("t", w.tenant().id()).param("c", w.checkpointId()).param("v", ready).update());
    JsonNode listed = http().get(base + "/evaluations", w.member()).expect(200).json();
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).at("/metrics/accuracy").asDouble()).isEqualTo(0.5);
    assertThat(http().get(base + "/evaluations/" + evaluation, aKey(w.tenant(), "VIEWER")).expect(200).json()
        .get("datasetVersionId").asText()).isEqualTo(ready.toString());

    World other = aWorld();
    http().get(base + "/evaluations", aKey(other.tenant(), "OWNER")).expectProblem(404);
    http().get("/api/v1/tenants/" + other.tenant().slug() + "/checkpoints/" + w.checkpointId() + "/evaluations/"
        + evaluation, aKey(other.tenant(), "OWNER")).expectProblem(404);
  }
}
