package io.emoqwen.standalone.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.api.datasets.DatasetImports;
import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.datasets.DatasetKeys;
import io.emoqwen.core.datasets.DatasetManifests;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.emoqwen.core.training.StageJobs;
import io.emoqwen.core.training.TrainingTemplates;
import io.emoqwen.model.demo.DemoSpec;
import io.emoqwen.model.demo.DemoSplit;
import io.emoqwen.standalone.StandaloneApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The standalone platform's first start on a fresh data directory (embedded PostgreSQL and S3, the real dataset
 * worker): the demo tenant gets one READY dataset version per demo split, ingested with manifest and shards;
 * {@code POST training-runs {"template":"demo-four-stage"}} alone queues four stage jobs chained by dependencies
 * on those versions; a restart seeds nothing twice. The training worker is off, so the run stays queued.
 */
class DemoSeedingTest {

  private static final String KEY = "eqk_demotest_" + "s3cr3t-for-the-demo-seeding-test";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void firstStartSeedsReadyDemoVersionsAndTheDemoTemplateQueuesFourChainedStages(@TempDir Path dataDir)
      throws Exception {
    String[] args = {"--emoqwen.data-dir=" + dataDir, "--server.port=0", "--emoqwen.demo.size=tiny",
        "--emoqwen.roles.training.enabled=false", "--emoqwen.admin-api-key=" + KEY};
    long starting = System.nanoTime();
    List<UUID> seeded;
    try (ConfigurableApplicationContext app = SpringApplication.run(StandaloneApplication.class, args)) {
      System.out.printf("start to ready: %.1f s%n", (System.nanoTime() - starting) / 1e9);
      assertThat(get(app, "/actuator/health").body()).contains("\"status\":\"UP\"");
      // seeding runs after ready, in the background: the start does not wait for data generation or ingest
      assertThat(versions(app).stream().filter(r -> r.state().equals("READY"))).as("READY versions at ready").isEmpty();

      List<Row> rows = awaitVersions(app);
      DemoSpec tiny = DemoSpec.tiny(7);
      for (DemoSplit split : DemoSplit.values()) {
        DemoSeeding.Target target = DemoSeeding.targetOf(split);
        Row row = rows.stream().filter(r -> r.dataset().equals(target.name())).findFirst().orElseThrow();
        assertThat(row.state()).as(target.name()).isEqualTo("READY");
        assertThat(row.kind()).as(target.name()).isEqualTo(target.kind().wireName());
        assertThat(row.validCount()).as(target.name() + " records").isEqualTo(tiny.count(split));
        byte[] manifest = app.getBean(ArtifactStore.class).read(DatasetKeys.manifest(row.tenantId(), row.datasetId(), 1));
        assertThat(DatasetManifests.sha256(manifest)).isEqualTo(row.manifestSha256());
        assertThat(DatasetManifests.read(manifest).shards()).isNotEmpty();
      }
      seeded = rows.stream().map(Row::versionId).toList();
      List<Integer> priorities = app.getBean(ScopedTransactions.class).asSystem(() -> app.getBean(JdbcClient.class)
          .sql("SELECT DISTINCT priority FROM jobs WHERE type = 'dataset.ingest'").query(Integer.class).list());
      assertThat(priorities).as("demo ingests queue behind uploads").containsExactly(DatasetImports.PRIORITY);

      HttpResponse<String> created = post(app, "/api/v1/tenants/demo/training-runs", "{\"template\":\"demo-four-stage\"}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      JsonNode stages = JSON.readTree(created.body()).get("stages");
      assertThat(stages).hasSize(4);
      List<UUID> jobs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        JsonNode stage = stages.get(i);
        String dataset = TrainingTemplates.DEMO_FOUR_STAGE.stages().get(i).dataset();
        UUID expected = rows.stream().filter(r -> r.dataset().equals(dataset)).findFirst().orElseThrow().versionId();
        assertThat(stage.get("datasetVersionIds").get(0).asText()).as(dataset).isEqualTo(expected.toString());
        jobs.add(UUID.fromString(stage.get("jobId").asText()));
      }
      List<List<UUID>> dependencies = app.getBean(ScopedTransactions.class).asSystem(() -> {
        List<List<UUID>> out = new ArrayList<>();
        for (UUID job : jobs) {
          out.add(app.getBean(JdbcClient.class).sql("SELECT depends_on FROM jobs WHERE id = :id AND type = :type")
              .param("id", job).param("type", StageJobs.TRAINING_STAGE.name())
              .query((rs, n) -> List.of((UUID[]) rs.getArray(1).getArray())).single());
        }
        return out;
      });
      assertThat(dependencies.get(0)).isEmpty();
      for (int i = 1; i < 4; i++) {
        assertThat(dependencies.get(i)).as("stage " + i + " waits for the one before").containsExactly(jobs.get(i - 1));
      }
    }

    try (ConfigurableApplicationContext again = SpringApplication.run(StandaloneApplication.class, args)) {
      assertThat(again.getBean(DemoSeeding.class).seed()).as("versions created at the second start").isEmpty();
      assertThat(versions(again).stream().map(Row::versionId).toList()).containsExactlyInAnyOrderElementsOf(seeded);
    }
  }

  record Row(UUID tenantId, UUID datasetId, UUID versionId, String dataset, String kind, String state, int validCount,
      String manifestSha256) {}

  /** The demo tenant's dataset versions, once every split has one that finished ingest (READY or not). */
  private static List<Row> awaitVersions(ConfigurableApplicationContext app) throws InterruptedException {
    long deadline = System.nanoTime() + 240_000_000_000L;
    while (true) {
      List<Row> rows = versions(app);
      boolean finished = rows.size() == DemoSplit.values().length
          && rows.stream().noneMatch(r -> r.state().equals("PENDING") || r.state().equals("INGESTING"));
      if (finished) {
        return rows;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the demo versions did not finish ingest within 240 s: " + rows);
      }
      Thread.sleep(250);
    }
  }

  private static List<Row> versions(ConfigurableApplicationContext app) {
    return app.getBean(ScopedTransactions.class).asSystem(() -> app.getBean(JdbcClient.class)
        .sql("SELECT v.tenant_id, d.id, v.id, d.name, d.kind, v.state, v.valid_count, v.manifest_sha256"
            + " FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id JOIN tenants t ON t.id = v.tenant_id"
            + " WHERE t.slug = 'demo'")
        .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
            rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8)))
        .list());
  }

  private static HttpResponse<String> get(ConfigurableApplicationContext app, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(app, path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(ConfigurableApplicationContext app, String path, String body)
      throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(app, path))
            .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(ConfigurableApplicationContext app, String path) {
    int port = ((WebServerApplicationContext) app).getWebServer().getPort();
    return URI.create("http://localhost:" + port + path);
  }
}
