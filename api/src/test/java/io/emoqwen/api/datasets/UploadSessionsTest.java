package io.emoqwen.api.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.emoqwen.api.support.ApiTest;
import io.emoqwen.api.support.Http;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Upload sessions through HTTP against embedded PostgreSQL and S3; parts go to the presigned URLs. */
class UploadSessionsTest extends ApiTest {

  private static final HttpClient S3 = HttpClient.newHttpClient();

  @Autowired UploadSweep sweep;

  @Test
  void an_interrupted_upload_resumes_from_the_parts_that_arrived_and_a_wrong_etag_leaves_it_open() throws Exception {
    TenantRef tenant = aTenant();
    Http.Credentials member = aKey(tenant, "MEMBER");
    String dataset = aDataset(tenant, member);
    byte[] content = new byte[9 * 1024 * 1024 + 17];
    new Random(7).nextBytes(content);

    JsonNode opened = http().post(dataset + "/uploads", member, Map.of("files", List.of(Map.of("name", "clips.zip",
        "size", content.length, "contentType", "application/zip", "sha256", sha256(content))))).expect(201).json();
    JsonNode file = opened.get("files").get(0);
    int partSize = file.get("partSize").asInt();
    assertThat(file.get("partCount").asInt()).isEqualTo(2);
    assertThat(file.get("upload")).hasSize(2);
    String etag1 = putPart(file.get("upload").get(0).get("url").asText(), Arrays.copyOfRange(content, 0, partSize));

    JsonNode resumed = http().get(dataset + "/uploads/" + opened.get("id").asText(), member).expect(200).json();
    JsonNode again = resumed.get("files").get(0);
    assertThat(again.get("received").findValuesAsText("partNumber")).containsExactly("1");
    assertThat(again.get("received").get(0).get("etag").asText()).isEqualTo(etag1);
    assertThat(again.get("upload").findValuesAsText("partNumber")).containsExactly("2");
    String etag2 = putPart(again.get("upload").get(0).get("url").asText(),
        Arrays.copyOfRange(content, partSize, content.length));

    String complete = dataset + "/uploads/" + opened.get("id").asText() + "/complete";
    JsonNode refused = http().post(complete, member, completion("clips.zip", etag1, "0123456789abcdef0123456789abcdef"))
        .expectProblem(400);
    assertThat(refused.get("detail").asText()).contains("files[0].parts").contains("part 2");
    assertThat(http().get(dataset + "/uploads/" + opened.get("id").asText(), member).expect(200).json()
        .get("state").asText()).isEqualTo("OPEN");

    JsonNode completed = http().post(complete, member, completion("clips.zip", etag1, etag2)).expect(200).json();
    assertThat(completed.get("state").asText()).isEqualTo("COMPLETED");
    assertThat(completed.get("files").get(0).get("sha256").asText()).isEqualTo(sha256(content));
  }

  @Test
  void a_file_whose_content_is_not_the_declared_sha256_must_be_sent_again() throws Exception {
    TenantRef tenant = aTenant();
    Http.Credentials member = aKey(tenant, "MEMBER");
    String dataset = aDataset(tenant, member);
    byte[] content = "video_name,label\n1,1\n".getBytes();
    JsonNode opened = http().post(dataset + "/uploads", member, Map.of("files", List.of(Map.of("name", "set_1.csv",
        "size", content.length, "sha256", sha256("something else".getBytes()))))).expect(201).json();
    String etag = putPart(opened.get("files").get(0).get("upload").get(0).get("url").asText(), content);

    JsonNode refused = http().post(dataset + "/uploads/" + opened.get("id").asText() + "/complete", member,
        Map.of("files", List.of(Map.of("name", "set_1.csv", "parts", List.of(Map.of("partNumber", 1, "etag", etag))))))
        .expectProblem(400);

    assertThat(refused.get("detail").asText()).contains("files[0].sha256");
    JsonNode session = http().get(dataset + "/uploads/" + opened.get("id").asText(), member).expect(200).json();
    assertThat(session.get("state").asText()).isEqualTo("OPEN");
    assertThat(session.get("files").get(0).get("received")).isEmpty();
    assertThat(session.get("files").get(0).get("upload")).hasSize(1);
  }

  @Test
  void an_upload_beyond_the_storage_quota_is_refused_before_any_url_is_handed_out() {
    TenantRef tenant = aTenant();
    Http.Credentials member = aKey(tenant, "MEMBER");
    String dataset = aDataset(tenant, member);
    http().put("/api/v1/tenants/" + tenant.slug() + "/quotas", admin(),
        Map.of("maxRunningJobs", 5, "storageQuotaBytes", 1000)).expect(200);

    JsonNode refused = http().post(dataset + "/uploads", member,
        Map.of("files", List.of(Map.of("name", "a.mp4", "size", 600), Map.of("name", "b.mp4", "size", 600))))
        .expectProblem(413);

    assertThat(refused.get("detail").asText()).contains("storage quota");
    assertThat(refused.toString()).doesNotContain("X-Amz-Signature");
    assertThat(sessionsOf(tenant)).isZero();
    http().post(dataset + "/uploads", member, Map.of("files", List.of(Map.of("name", "a.mp4", "size", 600))))
        .expect(201);
  }

  @Test
  void an_aborted_session_cannot_be_completed() throws Exception {
    TenantRef tenant = aTenant();
    Http.Credentials member = aKey(tenant, "MEMBER");
    String dataset = aDataset(tenant, member);
    JsonNode opened = http().post(dataset + "/uploads", member, Map.of("files", List.of(Map.of("name", "a.csv",
        "size", 3)))).expect(201).json();
    String etag = putPart(opened.get("files").get(0).get("upload").get(0).get("url").asText(), "a,1".getBytes());

    assertThat(http().delete(dataset + "/uploads/" + opened.get("id").asText(), member).expect(200).json()
        .get("state").asText()).isEqualTo("ABORTED");
    http().post(dataset + "/uploads/" + opened.get("id").asText() + "/complete", member,
        Map.of("files", List.of(Map.of("name", "a.csv", "parts", List.of(Map.of("partNumber", 1, "etag", etag))))))
        .expectProblem(409);
  }

  @Test
  void the_sweep_expires_an_abandoned_session_which_then_cannot_be_completed() throws Exception {
    TenantRef tenant = aTenant();
    Http.Credentials member = aKey(tenant, "MEMBER");
    String dataset = aDataset(tenant, member);
    JsonNode opened = http().post(dataset + "/uploads", member, Map.of("files", List.of(Map.of("name", "a.csv",
        "size", 3)))).expect(201).json();
    UUID session = UUID.fromString(opened.get("id").asText());
    transactions.asSystem(() -> jdbc.sql("UPDATE upload_sessions SET expires_at = now() - interval '1 minute'"
        + " WHERE id = :id").param("id", session).update());

    assertThat(sweep.sweep()).isGreaterThanOrEqualTo(1);

    assertThat(http().get(dataset + "/uploads/" + session, member).expect(200).json().get("state").asText())
        .isEqualTo("EXPIRED");
    http().post(dataset + "/uploads/" + session + "/complete", member,
        Map.of("files", List.of(Map.of("name", "a.csv", "parts", List.of(Map.of("partNumber", 1, "etag", "x"))))))
        .expectProblem(409);
  }

  @Test
  void a_version_whose_ingest_is_queued_cannot_be_deleted_until_the_job_is_cancelled() {
    TenantRef tenant = aTenant();
    Http.Credentials member = aKey(tenant, "MEMBER");
    Http.Credentials adminKey = aKey(tenant, "ADMIN");
    String dataset = aDataset(tenant, member);
    JsonNode created = http().post(dataset + "/versions", member, Map.of("format", "dfew_csv",
        "recordsFile", "set_1.csv", "files", List.of(Map.of("name", "set_1.csv", "content", "video_name,label\n1,1\n")),
        "invalidPolicy", "keep_valid")).expect(202).json();
    assertThat(created.get("version").get("state").asText()).isEqualTo("PENDING");
    assertThat(created.get("version").get("version").asInt()).isEqualTo(1);
    UUID job = UUID.fromString(created.get("jobId").asText());
    assertThat(queue.get(tenant.id(), job).type()).isEqualTo("dataset.ingest");

    JsonNode refused = http().delete(dataset + "/versions/1", adminKey).expectProblem(409);
    assertThat(refused.get("detail").asText()).contains(job.toString());

    queue.cancel(tenant.id(), job, "test");
    http().delete(dataset + "/versions/1", adminKey).expect(204);
    http().get(dataset + "/versions/1", member).expectProblem(404);
  }

  @Test
  void a_version_names_a_records_file_the_upload_holds() {
    TenantRef tenant = aTenant();
    Http.Credentials member = aKey(tenant, "MEMBER");
    String dataset = aDataset(tenant, member);
    JsonNode refused = http().post(dataset + "/versions", member, Map.of("format", "dfew_csv",
        "recordsFile", "missing.csv", "files", List.of(Map.of("name", "set_1.csv", "content", "video_name,label\n"))))
        .expectProblem(400);
    assertThat(refused.get("detail").asText()).contains("recordsFile");
    assertThat(http().get(dataset + "/versions", member).expect(200).json()).isEmpty();
  }

  private String aDataset(TenantRef tenant, Http.Credentials member) {
    String id = http().post("/api/v1/tenants/" + tenant.slug() + "/datasets", member,
        Map.of("name", "clips", "kind", "eval_clips")).expect(201).json().get("id").asText();
    return "/api/v1/tenants/" + tenant.slug() + "/datasets/" + id;
  }

  private long sessionsOf(TenantRef tenant) {
    return transactions.asSystem(() -> jdbc.sql("SELECT count(*) FROM upload_sessions WHERE tenant_id = :t")
        .param("t", tenant.id()).query(Long.class).single());
  }

  private static Map<String, Object> completion(String name, String... etags) {
    List<Map<String, Object>> parts = new ArrayList<>();
    for (int i = 0; i < etags.length; i++) {
      parts.add(Map.of("partNumber", i + 1, "etag", etags[i]));
    }
    return Map.of("files", List.of(Map.of("name", name, "parts", parts)));
  }

  static String putPart(String url, byte[] bytes) throws Exception {
    HttpResponse<String> response = S3.send(HttpRequest.newBuilder(URI.create(url))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.headers().firstValue("ETag").orElseThrow().replace("\"", "");
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
