package io.emoqwen.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.emoqwen.api.support.ApiTest.TenantRef;
import io.emoqwen.api.training.TrainingRunFixtures;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One tenant with one of every resource, and the ids a path template needs to reach each. */
public record TenantWorld(TenantRef tenant, Map<String, String> pathValues) {

  public static TenantWorld build(ApiTest test, TenantRef tenant) {
    Http http = test.http();
    Http.Credentials admin = test.admin();
    String base = "/api/v1/tenants/" + tenant.slug();
    Map<String, String> values = new HashMap<>();
    values.put("tenant", tenant.slug());
    values.put("jobId", test.aQueuedJob(tenant).id().toString());
    values.put("datasetId", http.post(base + "/datasets", admin, Map.of("name", "faces", "kind", "video"))
        .expect(201).json().get("id").asText());
    String checkpoint = http.post(base + "/checkpoints", admin, Map.of("name", "ckpt-1", "modelConfig", "emotion-qwen-tiny"))
        .expect(201).json().get("id").asText();
    values.put("checkpointId", checkpoint);
    values.put("evaluationId", anEvaluation(test, tenant.id(), UUID.fromString(checkpoint)).toString());
    values.put("deploymentId", http.post(base + "/deployments", admin, Map.of("name", "serving", "checkpointId", checkpoint))
        .expect(201).json().get("id").asText());
    values.put("deploymentName", "serving");
    values.put("runId", TrainingRunFixtures.aQueuedRun(test.queue, test.transactions, tenant.id()).toString());
    String datasets = base + "/datasets/" + values.get("datasetId");
    values.put("sessionId", http.post(datasets + "/uploads", admin,
            Map.of("files", List.of(Map.of("name", "labels.csv", "size", 10))))
        .expect(201).json().get("id").asText());
    values.put("version", http.post(datasets + "/versions", admin, Map.of("format", "dfew_csv",
            "recordsFile", "labels.csv", "files", List.of(Map.of("name", "labels.csv", "content", "a,1\n"))))
        .expect(202).json().get("version").get("version").asText());
    JsonNode key = http.post(base + "/api-keys", admin, Map.of("name", "ci", "role", "MEMBER")).expect(201).json();
    values.put("keyId", key.get("key").get("id").asText());
    values.put("userId", http.post(base + "/members", admin,
            Map.of("email", "member-" + UUID.randomUUID() + "@example.com", "role", "MEMBER"))
        .expect(201).json().get("userId").asText());
    return new TenantWorld(tenant, values);
  }

  /** A finished evaluation of the checkpoint, as the inference worker stores one. */
  static UUID anEvaluation(ApiTest test, UUID tenantId, UUID checkpointId) {
    UUID id = UUID.randomUUID();
    test.transactions.inTenant(tenantId, () -> test.jdbc.sql("INSERT INTO evaluations (id, tenant_id, checkpoint_id,"
            + " benchmark, language, samples, metrics, report_key, report_sha256) VALUES (:id, :t, :c, 'dfew', 'en', 1,"
            + " '{\"war\": 1.0}', :key, repeat('0', 64))")
        .param("id", id).param("t", tenantId).param("c", checkpointId)
        .param("key", "tenants/" + tenantId + "/evaluations/" + id + "/report.json").update());
    return id;
  }

  /** A path template of the OpenAPI document with this world's values. */
  public String fill(String template) {
    String path = template;
    for (Map.Entry<String, String> value : pathValues.entrySet()) {
      path = path.replace("{" + value.getKey() + "}", value.getValue());
    }
    if (path.contains("{")) {
      throw new IllegalStateException("no value for a variable of " + template);
    }
    return path;
  }

  /** A valid body for each operation that takes one, so a refusal can only come from authorization. */
  public Object bodyFor(String operationId) {
    return switch (operationId) {
      case "createApiKey" -> Map.of("name", "intruder", "role", "VIEWER");
      case "addMember" -> Map.of("email", "intruder-" + UUID.randomUUID() + "@example.com", "role", "VIEWER");
      case "changeMemberRole" -> Map.of("role", "VIEWER");
      case "createDataset" -> Map.of("name", "intruder-data", "kind", "video");
      case "openUploadSession" -> Map.of("files", List.of(Map.of("name", "intruder.csv", "size", 10)));
      case "completeUploadSession" -> Map.of("files", List.of(Map.of("name", "labels.csv",
          "parts", List.of(Map.of("partNumber", 1, "etag", "0123456789abcdef")))));
      case "createDatasetVersion" -> Map.of("format", "dfew_csv", "recordsFile", "labels.csv",
          "files", List.of(Map.of("name", "labels.csv", "content", "a,1\n")));
      case "createTrainingRun" -> Map.of("stages", List.of(Map.of("stage", "stage1_general",
          "datasetVersionIds", List.of(UUID.randomUUID().toString()))));
      case "registerCheckpoint" -> Map.of("name", "intruder-ckpt", "modelConfig", "emotion-qwen-tiny");
      case "createDeployment" -> Map.of("name", "intruder-dep", "checkpointId", pathValues.get("checkpointId"));
      case "analyzeWithDeployment" -> Map.of("image", "data:image/png;base64,iVBORw0KGgo=");
      case "createEvaluation" -> Map.of("datasetVersionId", UUID.randomUUID().toString(), "benchmark", "dfew");
      case "createBatchInference" -> Map.of("datasetVersionId", UUID.randomUUID().toString());
      case "setQuotas" -> Map.of("maxRunningJobs", 0, "storageQuotaBytes", 0);
      default -> null;
    };
  }
}
