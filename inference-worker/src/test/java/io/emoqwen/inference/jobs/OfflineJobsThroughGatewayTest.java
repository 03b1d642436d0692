package io.emoqwen.inference.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.api.ApiApplication;
import io.emoqwen.core.artifacts.ArtifactKey;
import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.datasets.DatasetKeys;
import io.emoqwen.core.datasets.DatasetKind;
import io.emoqwen.core.datasets.DatasetManifest;
import io.emoqwen.core.datasets.DatasetManifests;
import io.emoqwen.core.datasets.SourceFormat;
import io.emoqwen.core.inference.InferenceJobs;
import io.emoqwen.core.inference.InferenceJobs.BatchPayload;
import io.emoqwen.core.jobs.Job;
import io.emoqwen.core.jobs.JobQueue;
import io.emoqwen.core.jobs.NewJob;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.emoqwen.core.testing.TestInfrastructure;
import io.emoqwen.inference.evaluation.DfewMetrics;
import io.emoqwen.inference.support.TinyCheckpoint;
import io.emoqwen.model.input.VisualInput;
import io.emoqwen.model.input.VisualInputCodec;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The gateway with its in-process inference role (as in standalone) on embedded PostgreSQL and S3: a real tiny
 * checkpoint evaluated on, and run over, a READY evaluation version written as ingest writes one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OfflineJobsThroughGatewayTest {

  static final String ADMIN_KEY = "eqk_admintst_" + "s3cr3t-admin-key-for-tests-only-0123456789";
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> TRUTHS = List.of("happy", "sad", "angry", "fear");

  final HttpClient http = HttpClient.newHttpClient();
  ConfigurableApplicationContext gateway;
  ArtifactStore store;
  String base;
  String tenant;
  UUID tenantId;
  String member;
  String otherOwner;
  UUID checkpointId;
  UUID versionId;

  @BeforeAll
  void start() throws Exception {
    Path work = Files.createTempDirectory("offline-jobs");
    Map<String, Object> properties = new HashMap<>(TestInfrastructure.springProperties());
    properties.putAll(Map.of("emoqwen.admin-api-key", ADMIN_KEY,
        "emoqwen.admin-email", "admin@emoqwen.test", "emoqwen.admin-password", "correct horse battery staple",
        "emoqwen.jobs.reaper-enabled", "false", "emoqwen.api.key-burst", "1000",
        "emoqwen.data-dir", work.toString(), "server.port", "0"));
    // As arguments: builder properties are defaults, below application.yml (its port and its data-dir-relative
    // caches, which then landed in the module's working directory and outlived the test).
    gateway = new SpringApplicationBuilder(ApiApplication.class).run(properties.entrySet().stream()
        .map(p -> "--" + p.getKey() + "=" + p.getValue()).toArray(String[]::new));
    base = "http://localhost:" + ((ServletWebServerApplicationContext) gateway).getWebServer().getPort();
    store = gateway.getBean(ArtifactStore.class);
    store.ensureBucket();

    tenant = "offline-" + UUID.randomUUID().toString().substring(0, 6);
    tenantId = UUID.fromString(call("POST", "/api/v1/tenants", ADMIN_KEY,
        Map.of("slug", tenant, "displayName", "Offline")).get("id").asText());
    member = call("POST", "/api/v1/tenants/" + tenant + "/api-keys", ADMIN_KEY,
        Map.of("name", "member", "role", "MEMBER")).get("secret").asText();
    String other = "other-" + UUID.randomUUID().toString().substring(0, 6);
    call("POST", "/api/v1/tenants", ADMIN_KEY, Map.of("slug", other, "displayName", "Other"));
    otherOwner = call("POST", "/api/v1/tenants/" + other + "/api-keys", ADMIN_KEY,
        Map.of("name", "owner", "role", "OWNER")).get("secret").asText();

    checkpointId = UUID.fromString(call("POST", "/api/v1/tenants/" + tenant + "/checkpoints", member,
        Map.of("name", "small-1", "modelConfig", TinyCheckpoint.CONFIG)).get("id").asText());
    TinyCheckpoint.upload(store, TinyCheckpoint.write(work.resolve("checkpoint")), tenantId, checkpointId);
    versionId = anEvaluationVersion();
  }

  @AfterAll
  void stop() {
    gateway.close();
  }

  @Test
  void a_dfew_evaluation_stores_figures_that_agree_with_its_report_and_another_tenant_sees_none_of_it()
      throws Exception {
    String evaluations = "/api/v1/tenants/" + tenant + "/checkpoints/" + checkpointId + "/evaluations";
    JsonNode accepted = call("POST", evaluations, member,
        Map.of("datasetVersionId", versionId, "benchmark", "dfew", "maxNewTokens", 3));
    JsonNode job = awaitJob(accepted.get("jobId").asText());
    assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("SUCCEEDED");

    JsonNode listed = call("GET", evaluations, member, null);
    assertThat(listed).hasSize(1);
    JsonNode evaluation = listed.get(0);
    assertThat(evaluation.get("id").asText()).isEqualTo(accepted.get("jobId").asText());
    assertThat(evaluation.get("samples").asInt()).isEqualTo(TRUTHS.size());
    JsonNode metrics = evaluation.get("metrics");

    byte[] reportBytes = store.read(ArtifactKey.of(tenantId, "evaluations", accepted.get("jobId").asText(),
        "report.json"));
    assertThat(DatasetManifests.sha256(reportBytes)).isEqualTo(evaluation.get("reportSha256").asText());
    JsonNode report = JSON.readTree(reportBytes);
    List<DfewMetrics.Sample> clips = new ArrayList<>();
    for (JsonNode clip : report.get("clips")) {
      assertThat(DfewMetrics.LABELS).contains(clip.get("scored").asText());
      assertThat(clip.get("tokens").asInt()).isEqualTo(3);
      clips.add(new DfewMetrics.Sample(clip.get("truth").asText(), clip.get("scored").asText(),
          clip.get("answer").asText()));
    }
    assertThat(clips).extracting(DfewMetrics.Sample::truth).containsExactlyElementsOf(TRUTHS);
    // the stored figures are those of the predictions the report lists, clean and reference alike
    DfewMetrics expected = DfewMetrics.of(clips);
    assertThat(metrics.get("war").asDouble()).isCloseTo(expected.war(), within(1e-12));
    assertThat(metrics.get("uar").asDouble()).isCloseTo(expected.uar(), within(1e-12));
    assertThat(metrics.get("reference_uar").asDouble()).isCloseTo(expected.referenceUar(), within(1e-12));
    long counted = 0;
    for (JsonNode row : metrics.at("/confusion/rows")) {
      for (JsonNode c : row) {
        counted += c.asLong();
      }
    }
    assertThat(counted).isEqualTo(TRUTHS.size());

    assertThat(status("GET", evaluations, otherOwner, null)).isEqualTo(404);
    assertThat(status("GET", evaluations + "/" + evaluation.get("id").asText(), otherOwner, null)).isEqualTo(404);
    assertThat(status("POST", evaluations, otherOwner, Map.of("datasetVersionId", versionId, "benchmark", "dfew")))
        .isEqualTo(404);
  }

  @Test
  void an_emer_evaluation_without_a_judge_is_stored_as_skipped_with_the_reason() throws Exception {
    String evaluations = "/api/v1/tenants/" + tenant + "/checkpoints/" + checkpointId + "/evaluations";
    JsonNode accepted = call("POST", evaluations, member,
        Map.of("datasetVersionId", versionId, "benchmark", "emer", "maxNewTokens", 2));
    assertThat(awaitJob(accepted.get("jobId").asText()).get("state").asText()).isEqualTo("SUCCEEDED");
    JsonNode metrics = call("GET", evaluations + "/" + accepted.get("jobId").asText(), member, null).get("metrics");
    assertThat(metrics.get("skipped").asBoolean()).isTrue();
    assertThat(metrics.get("reason").asText()).contains("emoqwen.inference.judge.endpoint");
    assertThat(metrics.get("samples").asInt()).isEqualTo(TRUTHS.size());
  }

  @Test
  void a_batch_writes_one_jsonl_line_per_record_under_the_tenant_and_its_result_names_key_count_and_sha256()
      throws Exception {
    JsonNode accepted = call("POST", "/api/v1/tenants/" + tenant + "/checkpoints/" + checkpointId
        + "/batch-inferences", member, Map.of("datasetVersionId", versionId, "maxNewTokens", 3,
        "labels", List.of("happy", "sad"), "prompt", "Which emotion? One word."));
    JsonNode job = awaitJob(accepted.get("jobId").asText());
    assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    JsonNode result = job.get("result");
    assertThat(result.get("records").asInt()).isEqualTo(TRUTHS.size());
    String key = result.get("resultsKey").asText();
    assertThat(key).startsWith("tenants/" + tenantId + "/inference/batches/" + accepted.get("jobId").asText());

    byte[] bytes = store.read(ArtifactKey.of(tenantId, key.substring(("tenants/" + tenantId + "/").length())));
    assertThat(DatasetManifests.sha256(bytes)).isEqualTo(result.get("sha256").asText());
    List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(TRUTHS.size());
    for (int i = 0; i < lines.size(); i++) {
      JsonNode line = JSON.readTree(lines.get(i));
      assertThat(line.get("id").asText()).isEqualTo("clip-" + i);
      assertThat(line.get("tokens").asInt()).isEqualTo(3);
      double total = line.at("/distribution/happy").asDouble() + line.at("/distribution/sad").asDouble();
      assertThat(total).isCloseTo(1.0, within(1e-6));
      assertThat(List.of("happy", "sad")).contains(line.get("top").asText());
      assertThat(line.get("answer").isTextual()).isTrue();
    }

    // the tenant downloads them through the gateway; another tenant learns nothing of them
    String results = "/api/v1/tenants/" + tenant + "/checkpoints/" + checkpointId + "/batch-inferences/"
        + accepted.get("jobId").asText() + "/results";
    HttpResponse<String> download = send("GET", results, member, null);
    assertThat(download.statusCode()).as(download.body()).isEqualTo(200);
    assertThat(download.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
    assertThat(DatasetManifests.sha256(download.body().getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(result.get("sha256").asText());
    assertThat(status("GET", results, otherOwner, null)).isEqualTo(404);
    assertThat(status("GET", results.replace(checkpointId.toString(), UUID.randomUUID().toString()), member, null))
        .isEqualTo(404);
  }

  @Test
  void a_batch_an_earlier_attempt_half_answered_answers_only_the_rest_in_record_order_and_drops_the_saved_answers()
      throws Exception {
    JobQueue queue = gateway.getBean(JobQueue.class);
    // queued to start in a moment, so that what a crashed attempt kept can be in place before it runs
    Job job = gateway.getBean(ScopedTransactions.class).inTenant(tenantId, () -> queue.enqueue(NewJob.of(tenantId,
        InferenceJobs.BATCH, new BatchPayload(checkpointId, versionId, null, 3, List.of(), null))
        .runningAfter(Instant.now().plusSeconds(2))));
    AnswerLog earlier = new AnswerLog(store, tenantId, job.id(), 100, Duration.ofHours(1));
    earlier.saved();
    earlier.add(0, "clip-0", new RecordPass.Answer("from an earlier attempt", 99, null, null));
    earlier.add(1, "clip-1", new RecordPass.Answer("from an earlier attempt", 99, null, null));
    earlier.flush();

    JsonNode done = awaitJob(job.id().toString());
    assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
    HttpResponse<String> download = send("GET", "/api/v1/tenants/" + tenant + "/checkpoints/" + checkpointId
        + "/batch-inferences/" + job.id() + "/results", member, null);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : download.body().lines().toList()) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines).extracting(l -> l.get("id").asText()).containsExactly("clip-0", "clip-1", "clip-2", "clip-3");
    assertThat(lines.subList(0, 2)).allSatisfy(l -> {
      assertThat(l.get("answer").asText()).isEqualTo("from an earlier attempt");
      assertThat(l.get("tokens").asInt()).isEqualTo(99);
    });
    assertThat(lines.subList(2, 4)).allSatisfy(l -> assertThat(l.get("tokens").asInt()).isEqualTo(3));
    assertThat(store.list(ArtifactKey.of(tenantId, "inference", "answers", job.id().toString()))).isEmpty();
  }

  /** Four image clips (DFEW labels) in one shard, with English EMER texts, READY, as ingest leaves a version. */
  UUID anEvaluationVersion() throws Exception {
    UUID datasetId = UUID.randomUUID();
    UUID id = UUID.randomUUID();
    List<VisualInput> images = new ArrayList<>();
    List<DatasetManifest.Record> records = new ArrayList<>();
    for (int i = 0; i < TRUTHS.size(); i++) {
      images.add(image(i));
      var media = new DatasetManifest.MediaRef("clip-" + i + ".png", false, "00", 0, i, 56, 56, 0, 0, 1, 1, 1, 4, 4,
          4);
      records.add(new DatasetManifest.Record("clip-" + i, i, List.of(
          new DatasetManifest.Turn("user", "<image>\nAnswer with one word from: " + String.join(", ",
              DfewMetrics.LABELS) + "."),
          new DatasetManifest.Turn("assistant", TRUTHS.get(i))), TRUTHS.get(i),
          Map.of("en", new DatasetManifest.Text(TRUTHS.get(i), "Hello.", "In the video, the person looks "
              + TRUTHS.get(i) + ".")), List.of(media), new DatasetManifest.Tokens(30, 4)));
    }
    ByteArrayOutputStream shard = new ByteArrayOutputStream();
    VisualInputCodec.write(shard, images);
    String shardPath = DatasetKeys.shardPath(datasetId, 1, 0);
    store.put(ArtifactKey.of(tenantId, shardPath), shard.toByteArray());
    var none = DatasetManifest.Summary.of();
    DatasetManifest manifest = new DatasetManifest(DatasetManifest.FORMAT_VERSION, datasetId, 1,
        DatasetKind.EVAL_CLIPS, SourceFormat.EMOTION_QWEN_JSONL,
        new DatasetManifest.FrameSettings(2, 50_176, 4, 16, 3136, 50_176, 200_000, 3136, 50_176, 2048),
        new DatasetManifest.Counts(4, 4, 0, 4, 0, 1),
        new DatasetManifest.Stats(Map.of(), Map.of(), none, none, none, none, none),
        List.of(new DatasetManifest.Shard(0, shardPath, 4, shard.size(), DatasetManifests.sha256(shard.toByteArray()))),
        records, null);
    byte[] json = DatasetManifests.write(manifest);
    store.put(DatasetKeys.manifest(tenantId, datasetId, 1), json);
    JdbcClient jdbc = gateway.getBean(JdbcClient.class);
    gateway.getBean(ScopedTransactions.class).inTenant(tenantId, () -> {
      jdbc.sql("INSERT INTO datasets (id, tenant_id, name, kind) VALUES (:id, :t, 'dfew-mini', 'eval_clips')")
          .param("id", datasetId).param("t", tenantId).update();
      return jdbc.sql("INSERT INTO dataset_versions (id, tenant_id, dataset_id, version, state, manifest_key,"
              + " manifest_sha256, source_format) VALUES (:id, :t, :d, 1, 'READY', :k, :sha, 'emotion_qwen_jsonl')")
          .param("id", id).param("t", tenantId).param("d", datasetId)
          .param("k", DatasetKeys.manifest(tenantId, datasetId, 1).value()).param("sha", DatasetManifests.sha256(json))
          .update();
    });
    return id;
  }

  static VisualInput image(long seed) {
    Random random = new Random(seed);
    float[] patches = new float[4 * 4 * VisualInput.PATCH_ROW_WIDTH];
    for (int i = 0; i < patches.length; i++) {
      patches[i] = (float) random.nextGaussian();
    }
    return new VisualInput(patches, 1, 4, 4, false, 0);
  }

  JsonNode awaitJob(String jobId) throws Exception {
    long end = System.nanoTime() + 180_000_000_000L;
    while (true) {
      JsonNode job = call("GET", "/api/v1/tenants/" + tenant + "/jobs/" + jobId, member, null);
      String state = job.get("state").asText();
      if (List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(state) || System.nanoTime() > end) {
        return job;
      }
      Thread.sleep(200); // the worker runs in the gateway's JVM on its own threads; the API is what we watch
    }
  }

  JsonNode call(String method, String path, String key, Object body) throws Exception {
    HttpResponse<String> response = send(method, path, key, body);
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
    return JSON.readTree(response.body());
  }

  int status(String method, String path, String key, Object body) throws Exception {
    return send(method, path, key, body).statusCode();
  }

  HttpResponse<String> send(String method, String path, String key, Object body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json");
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
