package io.emoqwen.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.emoqwen.api.support.ApiTest;
import io.emoqwen.api.support.Http;
import io.emoqwen.api.support.Snapshot;
import io.emoqwen.api.support.TenantWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Walks every tenant-scoped operation of the OpenAPI document with another tenant's credentials. */
class TenantIsolationTest extends ApiTest {

  @Test
  void another_tenants_owner_gets_404_for_every_operation_on_the_first_tenants_resources() {
    TenantWorld first = TenantWorld.build(this, aTenant());
    TenantRef second = aTenant();
    Http.Credentials intruder = aKey(second, "OWNER");
    Map<String, String> before = Snapshot.of(this, first.tenant().id());

    List<String> answers = new ArrayList<>();
    int walked = walk(first, (method, template, operationId) -> {
      Http.Response response = http().send(method, first.fill(template), intruder,
          first.bodyFor(operationId) == null ? null : "application/json", bodyBytes(first.bodyFor(operationId)));
      if (response.status() != 404) {
        answers.add(method + " " + template + " -> " + response.status());
      } else {
        response.expectProblem(404);
      }
    });

    assertThat(walked).isGreaterThan(25);
    assertThat(answers).as("operations that did not answer 404").isEmpty();
    assertThat(Snapshot.of(this, first.tenant().id())).isEqualTo(before);
  }

  @Test
  void the_first_tenants_ids_under_the_second_tenants_own_path_are_not_found_either() {
    TenantWorld first = TenantWorld.build(this, aTenant());
    TenantRef second = aTenant();
    Http.Credentials owner = aKey(second, "OWNER");
    Map<String, String> before = Snapshot.of(this, first.tenant().id());
    TenantWorld mixed = new TenantWorld(second, withTenant(first.pathValues(), second.slug()));

    List<String> answers = new ArrayList<>();
    walk(mixed, (method, template, operationId) -> {
      if (!template.matches(".*\\{(jobId|datasetId|checkpointId|deploymentId|keyId|userId)}.*")) {
        return; // no id of the first tenant in it
      }
      Http.Response response = http().send(method, mixed.fill(template), owner,
          mixed.bodyFor(operationId) == null ? null : "application/json", bodyBytes(mixed.bodyFor(operationId)));
      if (response.status() != 404) {
        answers.add(method + " " + template + " -> " + response.status());
      }
    });

    assertThat(answers).isEmpty();
    assertThat(Snapshot.of(this, first.tenant().id())).isEqualTo(before);
  }

  @Test
  void a_tenant_list_shows_only_the_callers_own_tenants() {
    TenantRef first = aTenant();
    TenantRef second = aTenant();
    JsonNode listed = http().get("/api/v1/tenants", aKey(second, "VIEWER")).expect(200).json();
    assertThat(listed.findValuesAsText("slug")).containsExactly(second.slug()).doesNotContain(first.slug());
  }

  interface Visitor {
    void visit(String method, String template, String operationId);
  }

  int walk(TenantWorld world, Visitor visitor) {
    return walkWith(http(), visitor);
  }

  /** Calls the visitor with every operation under /api/v1/tenants/{tenant} in the live OpenAPI document. */
  int walkWith(Http http, Visitor visitor) {
    JsonNode document = http.get("/v3/api-docs", Http.Credentials.none()).expect(200).json();
    int[] count = {0};
    document.get("paths").fields().forEachRemaining(path -> {
      if (!path.getKey().contains("{tenant}")) {
        return;
      }
      path.getValue().fields().forEachRemaining(op -> {
        count[0]++;
        visitor.visit(op.getKey().toUpperCase(), path.getKey(), op.getValue().get("operationId").asText());
      });
    });
    return count[0];
  }

  static Map<String, String> withTenant(Map<String, String> values, String slug) {
    Map<String, String> copy = new java.util.HashMap<>(values);
    copy.put("tenant", slug);
    return copy;
  }

  static byte[] bodyBytes(Object body) {
    if (body == null) {
      return null;
    }
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
