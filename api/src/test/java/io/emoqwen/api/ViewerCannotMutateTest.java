package io.emoqwen.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.emoqwen.api.support.ApiTest;
import io.emoqwen.api.support.Http;
import io.emoqwen.api.support.Snapshot;
import io.emoqwen.api.support.TenantWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every mutating operation of the OpenAPI document, tried by a VIEWER of the tenant. */
class ViewerCannotMutateTest extends ApiTest {

  @Test
  void a_viewer_gets_403_for_every_mutating_operation_and_nothing_changes() {
    TenantWorld world = TenantWorld.build(this, aTenant());
    Http.Credentials viewer = aKey(world.tenant(), "VIEWER");
    Map<String, String> before = Snapshot.of(this, world.tenant().id());
    List<String> answers = new ArrayList<>();
    int[] tried = {0};

    new TenantIsolationTest().walkWith(http(), (method, template, operationId) -> {
      if (method.equals("GET")) {
        return;
      }
      tried[0]++;
      Object body = world.bodyFor(operationId);
      Http.Response response = http().send(method, world.fill(template), viewer,
          body == null ? null : "application/json", TenantIsolationTest.bodyBytes(body));
      if (response.status() != 403) {
        answers.add(method + " " + template + " -> " + response.status() + " " + response.body());
      } else {
        response.expectProblem(403);
      }
    });

    assertThat(tried[0]).isGreaterThanOrEqualTo(14);
    assertThat(answers).as("mutations a viewer was not refused").isEmpty();
    assertThat(Snapshot.of(this, world.tenant().id())).isEqualTo(before);
  }

  @Test
  void a_viewer_cannot_create_a_tenant() {
    http().post("/api/v1/tenants", aKey(aTenant(), "VIEWER"), Map.of("slug", "viewer-made", "displayName", "No"))
        .expectProblem(403);
  }
}
