package io.emoqwen.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.api.ApiApplication;
import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.testing.TestInfrastructure;
import io.emoqwen.core.workers.WorkerRegistry;
import io.emoqwen.inference.serving.Replicas;
import io.micrometer.core.instrument.MeterRegistry;
import io.emoqwen.inference.support.Media;
import io.emoqwen.inference.support.TinyCheckpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real gateway (with its in-process inference worker, as in standalone) and a second worker in its own JVM,
 * on embedded PostgreSQL and S3, serving a checkpoint the test wrote and uploaded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InferenceThroughGatewayTest {

  static final String ADMIN_KEY = "eqk_admintst_" + "s3cr3t-admin-key-for-tests-only-0123456789";
  static final ObjectMapper JSON = new ObjectMapper();

  final HttpClient http = HttpClient.newHttpClient();
  Map<String, String> infrastructure;
  ConfigurableApplicationContext gateway;
  String base;
  Path work;
  String tenant;
  String memberKey;
  String otherTenantKey;
  String deploymentId;
  UUID tenantUuid;

  UUID tenantId() {
    return tenantUuid;
  }

  @BeforeAll
  void start() throws Exception {
    work = Files.createTempDirectory("inference-e2e");
    infrastructure = TestInfrastructure.springProperties();
    Map<String, Object> gatewayProperties = new HashMap<>(infrastructure);
    gatewayProperties.putAll(Map.of("server.port", "0", "emoqwen.admin-api-key", ADMIN_KEY,
        "emoqwen.admin-email", "admin@emoqwen.test", "emoqwen.admin-password", "correct horse battery staple",
        "emoqwen.jobs.reaper-enabled", "false", "emoqwen.api.key-burst", "1000", "emoqwen.api.max-body-size", "4MB",
        "emoqwen.inference.cache-dir", work.resolve("cache-gateway").toString(),
        "emoqwen.inference.heartbeat", "PT1S", "emoqwen.gateway.inference.hold-while-starting", "PT3S"));
    // As arguments: default properties rank below the worker's own inference-worker.yml (server.port 8080).
    gateway = new SpringApplicationBuilder(ApiApplication.class).run(gatewayProperties.entrySet().stream()
        .map(p -> "--" + p.getKey() + "=" + p.getValue()).toArray(String[]::new));
    base = "http://localhost:" + ((ServletWebServerApplicationContext) gateway).getWebServer().getPort();

    tenant = "infer-" + UUID.randomUUID().toString().substring(0, 6);
    JsonNode created = call("POST", "/api/v1/tenants", ADMIN_KEY, Map.of("slug", tenant, "displayName", "Inference"));
    UUID tenantId = UUID.fromString(created.get("id").asText());
    this.tenantUuid = tenantId;
    memberKey = call("POST", "/api/v1/tenants/" + tenant + "/api-keys", ADMIN_KEY,
        Map.of("name", "member", "role", "MEMBER")).get("secret").asText();
    String other = "other-" + UUID.randomUUID().toString().substring(0, 6);
    call("POST", "/api/v1/tenants", ADMIN_KEY, Map.of("slug", other, "displayName", "Other"));
    otherTenantKey = call("POST", "/api/v1/tenants/" + other + "/api-keys", ADMIN_KEY,
        Map.of("name", "owner", "role", "OWNER")).get("secret").asText();

    UUID checkpointId = UUID.fromString(call("POST", "/api/v1/tenants/" + tenant + "/checkpoints", memberKey,
        Map.of("name", "small-1", "modelConfig", TinyCheckpoint.CONFIG)).get("id").asText());
    Path checkpoint = TinyCheckpoint.write(work.resolve("checkpoint"));
    ArtifactStore store = gateway.getBean(ArtifactStore.class);
    store.ensureBucket(); // the test's S3 is "external" to the gateway, so nobody provisioned its bucket
    TinyCheckpoint.upload(store, checkpoint, tenantId, checkpointId);
    deploymentId = call("POST", "/api/v1/tenants/" + tenant + "/deployments", memberKey, Map.of("name", "emo",
        "checkpointId", checkpointId.toString(), "maxNewTokens", 8, "maxBatch", 8,
        "labels", List.of("happy", "sad", "angry"))).get("id").asText();
  }

  @AfterAll
  void stop() {
    gateway.close();
  }

  @Test
  void a_chat_completion_streams_and_an_analysis_comes_back_while_another_tenants_key_finds_no_such_deployment()
      throws Exception {
    assertThat(deploymentState())
        .as("before any replica served it").isEqualTo("PENDING");
    Map<String, Object> chat = Map.of("model", "emo", "stream", true, "max_tokens", 6, "messages", List.of(
        Map.of("role", "user", "content", List.of(
            Map.of("type", "video_url", "video_url", Map.of("url", Media.videoDataUrl(work, 8, 4))),
            Map.of("type", "text", "text", "How does the person feel?")))));
    HttpResponse<String> streamed = post("/v1/chat/completions", memberKey, chat);
    assertThat(streamed.statusCode()).isEqualTo(200);
    assertThat(streamed.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    List<JsonNode> chunks = new ArrayList<>();
    for (String line : streamed.body().split("\n")) {
      if (line.startsWith("data: {")) {
        chunks.add(JSON.readTree(line.substring(6)));
      }
    }
    assertThat(streamed.body().trim()).endsWith("data: [DONE]");
    assertThat(chunks).hasSizeGreaterThan(2);
    JsonNode last = chunks.get(chunks.size() - 1);
    assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(last.at("/usage/completion_tokens").asInt()).isEqualTo(6);
    assertThat(last.at("/usage/prompt_tokens").asInt()).isGreaterThan(20);

    HttpResponse<String> analyzed = post("/api/v1/tenants/" + tenant + "/deployments/emo/analyze", memberKey,
        Map.of("video", Media.videoDataUrl(work, 8, 4), "subtitle", "I can't believe it.", "language", "en"));
    assertThat(analyzed.statusCode()).as(analyzed.body()).isEqualTo(200);
    JsonNode analysis = JSON.readTree(analyzed.body());
    double total = 0;
    for (String label : List.of("happy", "sad", "angry")) {
      total += analysis.at("/distribution/" + label).asDouble();
    }
    assertThat(total).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(List.of("happy", "sad", "angry")).contains(analysis.get("top").asText());
    assertThat(analysis.at("/usage/completionTokens").asInt()).isEqualTo(8);
    assertThat(analysis.at("/usage/videoSeconds").asDouble()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.3));
    assertThat(analysis.at("/timings/totalMillis").asLong()).isPositive();

    HttpResponse<String> intruder = post("/v1/chat/completions", otherTenantKey, chat);
    assertThat(intruder.statusCode()).isEqualTo(404);
    assertThat(intruder.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
    assertThat(post("/api/v1/tenants/" + tenant + "/deployments/emo/analyze", otherTenantKey,
        Map.of("image", Media.pngDataUrl(56, 56))).statusCode()).isEqualTo(404);

    var jdbc = gateway.getBean(org.springframework.jdbc.core.simple.JdbcClient.class);
    double outputTokens = gateway.getBean(io.emoqwen.core.tenancy.ScopedTransactions.class).inTenant(tenantId(), () ->
        jdbc.sql("SELECT coalesce(sum(amount), 0) FROM usage WHERE metric = 'inference.output_tokens'")
            .query(Double.class).single());
    assertThat(outputTokens).as("metered output tokens of the chat and the analysis").isGreaterThanOrEqualTo(14);
    assertThat(deploymentState())
        .as("once a replica has served it").isEqualTo("ACTIVE");
  }

  @Test
  void over_budget_and_undecodable_media_are_refused_with_problems_naming_the_field_before_the_model_runs()
      throws Exception {
    long admittedBefore = gateway.getBean(Replicas.class).admittedTotal();

    HttpResponse<String> garbage = post("/v1/chat/completions", memberKey, Map.of("model", "emo", "messages", List.of(
        Map.of("role", "user", "content", List.of(
            Map.of("type", "video_url", "video_url", Map.of("url", Media.garbageVideoDataUrl())))))));
    assertThat(garbage.statusCode()).as(garbage.body()).isEqualTo(400);
    assertThat(JSON.readTree(garbage.body()).at("/errors/0/field").asText())
        .isEqualTo("messages[0].content[0].video_url.url");

    HttpResponse<String> tooLong = post("/v1/chat/completions", memberKey, Map.of("model", "emo", "messages",
        List.of(Map.of("role", "user", "content", "word ".repeat(40_000)))));
    assertThat(tooLong.statusCode()).as(tooLong.body()).isEqualTo(400);
    assertThat(JSON.readTree(tooLong.body()).at("/errors/0/field").asText()).isEqualTo("messages");
    assertThat(JSON.readTree(tooLong.body()).get("detail").asText()).contains("tokens");

    HttpResponse<String> tooMany = post("/v1/chat/completions", memberKey, Map.of("model", "emo", "max_tokens", 50,
        "messages", List.of(Map.of("role", "user", "content", "hi"))));
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(tooMany.body()).at("/errors/0/field").asText()).isEqualTo("max_tokens");

    HttpResponse<String> notData = post("/api/v1/tenants/" + tenant + "/deployments/emo/analyze", memberKey,
        Map.of("image", "http://169.254.169.254/latest/meta-data"));
    assertThat(notData.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(notData.body()).at("/errors/0/field").asText()).isEqualTo("image");

    assertThat(gateway.getBean(Replicas.class).admittedTotal()).isEqualTo(admittedBefore);
  }

  /**
   * The second replica is a separate JVM, killed with SIGKILL while the load runs: no drain, no deregistration,
   * its sockets reset mid-response, as when a pod's node dies. The gateway must retry what it had in flight there.
   */
  @Test
  void killing_one_of_two_replicas_during_a_load_of_non_streamed_requests_loses_none() throws Exception {
    WorkerRegistry registry = gateway.getBean(WorkerRegistry.class);
    Set<String> before = aliveWorkers(registry);
    Process second = startWorkerProcess(work.resolve("worker-2.log"));
    try {
      String secondId = awaitNewWorker(registry, before, second, work.resolve("worker-2.log"));

      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService clients = Executors.newFixedThreadPool(8);
      List<Future<List<HttpResponse<String>>>> load = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        int client = c;
        load.add(clients.submit(() -> {
          List<HttpResponse<String>> answers = new ArrayList<>();
          for (int n = 0; !stop.get(); n++) {
            answers.add(post("/v1/chat/completions", memberKey, Map.of("model", "emo", "max_tokens", 8,
                "messages", List.of(Map.of("role", "user", "content", "client " + client + " request " + n)))));
          }
          return answers;
        }));
      }
      // Kill only once the second replica has loaded the deployment and reports requests of its own running.
      long until = System.currentTimeMillis() + 90_000;
      while (!servingWithLoad(registry, secondId) && System.currentTimeMillis() < until) {
        Thread.sleep(50);
      }
      assertThat(servingWithLoad(registry, secondId)).as("the second replica took part of the load").isTrue();
      double failuresBefore = failures("in_flight") + failures("connect");
      second.destroyForcibly().waitFor();
      Thread.sleep(3000); // the load goes on while the registry still lists the dead replica
      stop.set(true);

      List<HttpResponse<String>> answers = new ArrayList<>();
      for (Future<List<HttpResponse<String>>> client : load) {
        answers.addAll(client.get());
      }
      clients.shutdown();
      assertThat(answers).hasSizeGreaterThan(16);
      for (HttpResponse<String> answer : answers) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).at("/usage/completion_tokens").asInt()).isEqualTo(8);
      }
      assertThat(failures("in_flight")).as("requests cut off on the killed replica, then retried").isPositive();
      assertThat(failures("in_flight") + failures("connect")).isGreaterThan(failuresBefore);
    } finally {
      second.destroyForcibly();
    }
  }

  private Process startWorkerProcess(Path log) throws Exception {
    Map<String, String> properties = new HashMap<>(infrastructure);
    properties.putAll(Map.of("server.port", "0", "emoqwen.inference.heartbeat", "PT1S",
        "emoqwen.inference.cache-dir", work.resolve("cache-2").toString(), "emoqwen.jobs.reaper-enabled", "false",
        "spring.autoconfigure.exclude", String.join(",",
            "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
            "org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration",
            "org.springframework.boot.autoconfigure.data.jpa.JpaRepositoriesAutoConfiguration")));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path")));
    for (String name : List.of("ai.djl.offline", "DJL_CACHE_DIR", "ENGINE_CACHE_DIR")) {
      if (System.getProperty(name) != null) {
        command.add("-D" + name + "=" + System.getProperty(name));
      }
    }
    command.add(InferenceWorkerApplication.class.getName());
    // As arguments: they must outrank the worker's own inference-worker.yml (server.port 8080).
    properties.forEach((k, v) -> command.add("--" + k + "=" + v));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static Set<String> aliveWorkers(WorkerRegistry registry) {
    return registry.alive("inference", Duration.ofSeconds(15)).stream().map(WorkerRegistry.RegisteredWorker::id)
        .collect(Collectors.toSet());
  }

  private static String awaitNewWorker(WorkerRegistry registry, Set<String> before, Process process, Path log)
      throws Exception {
    long until = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < until && process.isAlive()) {
      for (String id : aliveWorkers(registry)) {
        if (!before.contains(id)) {
          return id;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the second worker did not register:\n" + Files.readString(log));
  }

  private boolean servingWithLoad(WorkerRegistry registry, String workerId) {
    return registry.alive("inference", Duration.ofSeconds(15)).stream()
        .filter(w -> w.id().equals(workerId))
        .anyMatch(w -> w.load() > 0 && w.capabilities().path("deployments").size() > 0);
  }

  private double failures(String stage) {
    var counter = gateway.getBean(MeterRegistry.class).find("emoqwen.inference.replica.failures").tag("stage", stage)
        .counter();
    return counter == null ? 0 : counter.count();
  }

  private String deploymentState() throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
        URI.create(base + "/api/v1/tenants/" + tenant + "/deployments/" + deploymentId))
        .header("Authorization", "Bearer " + memberKey).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).get("state").asText();
  }

  private JsonNode call(String method, String path, String key, Object body) throws Exception {
    HttpResponse<String> response = post(path, key, body);
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 201);
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> post(String path, String key, Object body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
