package io.emoqwen.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emoqwen.api.support.ApiTest;
import io.emoqwen.client.ApiClient;
import io.emoqwen.client.ApiException;
import io.emoqwen.client.api.ApiKeysApi;
import io.emoqwen.client.api.JobsApi;
import io.emoqwen.client.api.TenantsApi;
import io.emoqwen.client.model.CreateApiKeyRequest;
import io.emoqwen.client.model.CreateTenantRequest;
import io.emoqwen.client.model.CreatedApiKey;
import io.emoqwen.client.model.JobPageView;
import io.emoqwen.client.model.TenantView;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Java client openapi-generator makes from the committed document drives the running gateway. */
class GeneratedClientTest extends ApiTest {

  @Test
  void a_generated_client_creates_a_tenant_and_an_api_key_and_lists_jobs_with_it() throws Exception {
    ApiClient asAdmin = client(ADMIN_KEY);
    String slug = "client-" + UUID.randomUUID().toString().substring(0, 8);

    TenantView tenant = new TenantsApi(asAdmin).createTenant(
        new CreateTenantRequest().slug(slug).displayName("Made by the generated client"), "create-" + slug);
    CreatedApiKey key = new ApiKeysApi(asAdmin).createApiKey(slug,
        new CreateApiKeyRequest().name("ci").role(CreateApiKeyRequest.RoleEnum.MEMBER), null);
    aQueuedJob(new TenantRef(tenant.getId(), slug));
    JobPageView jobs = new JobsApi(client(key.getSecret())).listJobs(slug, null, null, null, null, null, 10);

    assertThat(tenant.getSlug()).isEqualTo(slug);
    assertThat(key.getSecret()).startsWith("eqk_" + key.getKey().getPrefix() + "_");
    assertThat(jobs.getJobs()).singleElement().satisfies(job -> assertThat(job.getType()).isEqualTo("test.noop"));
    assertThat(jobs.getNextCursor()).isNull();
  }

  @Test
  void a_generated_client_sees_problems_as_exceptions_with_the_status() {
    assertThatThrownBy(() -> new JobsApi(client(ADMIN_KEY)).listJobs("no-such-tenant", null, null, null, null, null, null))
        .isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(((ApiException) e).getCode()).isEqualTo(404));
  }

  private ApiClient client(String key) {
    ApiClient client = new ApiClient();
    client.updateBaseUri("http://localhost:" + port);
    client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + key));
    return client;
  }
}
