package io.emoqwen.api.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.emoqwen.api.support.ApiTest;
import io.emoqwen.api.support.Http;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The run API over HTTP on embedded PostgreSQL: every refusal happens before anything is queued. */
class TrainingRunsTest extends ApiTest {

  @Test
  void templatesOfferTheFourStagesOfTheRecipe() {
    TenantRef tenant = aTenant();
    JsonNode templates = http().get("/api/v1/tenants/" + tenant.slug() + "/training-templates", aKey(tenant, "VIEWER"))
        .expect(200).json();
    JsonNode small = templates.get(0);
    assertThat(small.get("name").asText()).isEqualTo("emotion-qwen-small");
    assertThat(small.get("stages").findValuesAsText("stage"))
        .containsExactly("stage1_general", "stage2_emotion", "stage3_joint", "ver_finetune");
    assertThat(small.get("stages").get(0).get("datasetKind").asText()).isEqualTo("caption_images");
    assertThat(small.get("stages").get(0).get("trainable").toString()).contains("generalcompressor", "gatenet")
        .doesNotContain("llm");
  }

  @Test
  void invalidRunsAreRefusedNamingTheFieldAndQueueNothing() {
    TenantRef tenant = aTenant();
    TenantRef other = aTenant();
    Http.Credentials member = aKey(tenant, "MEMBER");
    String runs = "/api/v1/tenants/" + tenant.slug() + "/training-runs";
    UUID captions = aReadyVersion(tenant.id(), "caption_images", 300);
    UUID faces = aReadyVersion(tenant.id(), "emotion_images", 300);
    UUID tooLong = aReadyVersion(tenant.id(), "emotion_images", 5000);
    UUID foreign = aReadyVersion(other.id(), "caption_images", 300);

    assertRefused(runs, member, stage("stage1_general", UUID.randomUUID()), "stages[0].datasetVersionIds[0]");
    assertRefused(runs, member, stage("stage1_general", foreign), "stages[0].datasetVersionIds[0]");
    assertRefused(runs, member, stage("stage1_general", faces), "stages[0].datasetVersionIds[0]", "caption_images");
    assertRefused(runs, member, List.of(Map.of("stage", "stage1_general", "datasetVersionIds", List.of(captions),
        "lora", true)), "stages[0].lora");
    assertRefused(runs, member, List.of(Map.of("stage", "stage1_general", "datasetVersionIds", List.of(captions)),
        Map.of("stage", "stage2_emotion", "datasetVersionIds", List.of(faces, tooLong))),
        "stages[1].datasetVersionIds[1]", "model_max_length");
    assertRefused(runs, member, List.of(Map.of("stage", "stage2_emotion", "datasetVersionIds", List.of(faces)),
        Map.of("stage", "stage1_general", "datasetVersionIds", List.of(captions))), "stages[1].stage");
    // no stages: the template's, on the template's datasets; emotion-qwen-small names none, and this tenant has
    // no demo datasets for demo-four-stage
    assertRefused(runs, member, List.of(), "stages[0].datasetVersionIds", "name the dataset versions");
    JsonNode noDemo = http().post(runs, member, Map.of("template", "demo-four-stage")).expectProblem(400);
    assertThat(noDemo.get("detail").asText()).contains("stages[0].datasetVersionIds", "'demo-captions'", "no READY");

    assertThat(stageJobs(tenant.id())).isZero();
  }

  @Test
  void aRunQueuesChainedStagesAndCancellingItCancelsEveryUnfinishedStage() {
    TenantRef tenant = aTenant();
    Http.Credentials member = aKey(tenant, "MEMBER");
    String runs = "/api/v1/tenants/" + tenant.slug() + "/training-runs";
    UUID captions = aReadyVersion(tenant.id(), "caption_images", 300);
    UUID faces = aReadyVersion(tenant.id(), "emotion_images", 300);

    JsonNode run = http().post(runs, member, Map.of("stages", List.of(
        Map.of("stage", "stage1_general", "datasetVersionIds", List.of(captions), "maxSteps", 7),
        Map.of("stage", "stage2_emotion", "datasetVersionIds", List.of(faces))))).expect(201).json();
    assertThat(run.get("stages").findValuesAsText("stage")).containsExactly("stage1_general", "stage2_emotion");
    assertThat(run.get("stages").findValuesAsText("state")).containsExactly("QUEUED", "WAITING");
    assertThat(run.get("stages").get(0).get("maxSteps").asInt()).isEqualTo(7);
    assertThat(run.get("stages").get(1).get("maxSteps").asInt()).isEqualTo(60);
    String id = run.get("id").asText();
    assertThat(http().get(runs, aKey(tenant, "VIEWER")).expect(200).json().findValuesAsText("id")).contains(id);

    JsonNode cancelled = http().post(runs + "/" + id + "/cancel", member, Map.of()).expect(200).json();
    assertThat(cancelled.get("stages").findValuesAsText("state")).containsExactly("CANCELLED", "CANCELLED");
    assertThat(cancelled.get("state").asText()).isEqualTo("CANCELLED");
    http().post(runs + "/" + id + "/cancel", member, Map.of()).expectProblem(409);
  }

  private void assertRefused(String runs, Http.Credentials member, List<Map<String, Object>> stages, String... says) {
    JsonNode problem = http().post(runs, member, Map.of("stages", stages)).expectProblem(400);
    assertThat(problem.get("detail").asText()).contains(says);
  }

  private static List<Map<String, Object>> stage(String stage, UUID version) {
    return List.of(Map.of("stage", stage, "datasetVersionIds", List.of(version)));
  }

  private long stageJobs(UUID tenantId) {
    return transactions.inTenant(tenantId, () -> jdbc.sql("SELECT count(*) FROM jobs WHERE type = 'training.stage'")
        .query(Long.class).single());
  }

  /** A READY version row as ingest leaves one; only its state, kind and longest record matter to the planner. */
  private UUID aReadyVersion(UUID tenantId, String kind, int maxTokens) {
    UUID dataset = UUID.randomUUID();
    UUID version = UUID.randomUUID();
    transactions.inTenant(tenantId, () -> {
      jdbc.sql("INSERT INTO datasets (id, tenant_id, name, kind) VALUES (:id, :t, :n, :k)")
          .param("id", dataset).param("t", tenantId).param("n", "d-" + dataset).param("k", kind).update();
      return jdbc.sql("INSERT INTO dataset_versions (id, tenant_id, dataset_id, version, state, stats)"
              + " VALUES (:id, :t, :d, 1, 'READY', :stats::jsonb)")
          .param("id", version).param("t", tenantId).param("d", dataset)
          .param("stats", "{\"totalTokens\":{\"count\":1,\"max\":" + maxTokens + "}}").update();
    });
    return version;
  }
}
