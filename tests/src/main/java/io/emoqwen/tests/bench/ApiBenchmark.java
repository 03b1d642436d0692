package io.emoqwen.tests.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.api.ApiApplication;
import io.emoqwen.api.apikeys.ApiKeyService;
import io.emoqwen.core.jobs.JobFilter;
import io.emoqwen.core.jobs.JobQueue;
import io.emoqwen.core.tenancy.ScopedTransactions;
import java.io.InputStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The gateway's read path under load: an API-key-authenticated GET of one job list page (tenant with 10,000
 * jobs) against an unauthenticated, database-free GET of the same app (the baseline), same number of
 * concurrent clients, same run, measured in alternating windows once the JVM is warm. Figures: p50_ms, p99_ms,
 * rps, baseline_rps, ratio = rps / baseline_rps. Targets: ratio >= 0.5 and p99 <= 25 ms. Measured as deployed (a page may be
 * served again for emoqwen.api.job-list-reuse), then again in a second app that reads every page from the
 * database (the uncached_* figures, and the in-process phases of one listing).
 */
public final class ApiBenchmark implements Benchmark {

  private static final int JOBS = 10_000;
  private static final int PAGE = 50;
  private static final int WINDOWS = 6;
  /** Warm-up rounds over which the JIT's share of the time is judged. */
  private static final int JIT_ROUNDS = 3;

  @Override
  public Map<String, Object> run(boolean quick) throws Exception {
    Map<String, Object> figures = measure(quick, null);
    // The same with every page read from the database: what the query path itself costs, and what a caller whose
    // pages are never repeated (each request another filter or cursor) gets.
    Map<String, Object> uncached = measure(quick, Duration.ZERO);
    for (String figure : List.of("p50_ms", "p99_ms", "rps", "baseline_rps", "ratio")) {
      figures.put("uncached_" + figure, uncached.get(figure));
    }
    figures.putAll(phases(uncached));
    return figures;
  }

  /**
   * One app, its figures; {@code jobListReuse} null keeps the configured default (application.yml), as
   * deployed.
   */
  private Map<String, Object> measure(boolean quick, Duration jobListReuse) throws Exception {
    int clients = quick ? 8 : 16;
    Duration shortestWarmUp = Duration.ofSeconds(quick ? 3 : 10);
    Duration measure = Duration.ofSeconds(quick ? 6 : 30);
    Path dataDir = Files.createTempDirectory("emoqwen-api-bench");
    String adminKey = "eqk_benchadm_" + randomSecret();
    try (ConfigurableApplicationContext app = start(dataDir, adminKey, jobListReuse)) {
      String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String slug = "bench";
      JsonNode tenant = post(http, base + "/api/v1/tenants", adminKey, "{\"slug\":\"" + slug + "\",\"displayName\":\"Bench\"}");
      UUID tenantId = UUID.fromString(tenant.get("id").asText());
      String key = post(http, base + "/api/v1/tenants/" + slug + "/api-keys", adminKey,
          "{\"name\":\"bench\",\"role\":\"VIEWER\"}").get("secret").asText();
      seedJobs(app, tenantId);

      HttpRequest jobs = HttpRequest.newBuilder(URI.create(base + "/api/v1/tenants/" + slug + "/jobs?limit=" + PAGE))
          .header("Authorization", "Bearer " + key).GET().build();
      HttpRequest ping = HttpRequest.newBuilder(URI.create(base + "/api/v1/ping")).GET().build();
      check(http, jobs, PAGE);

      WarmUp warmedUp = warmUp(ping, jobs, clients, shortestWarmUp, Duration.ofSeconds(quick ? 90 : 120));
      // The measured time alternates between the two in short windows, so both see the same neighbours: on a
      // shared machine, one phase after the other measured whatever else ran during one of them (the same build
      // gave ratios from 0.42 to 0.84).
      Result baseline = Result.NONE;
      Result listing = Result.NONE;
      for (int window = 0; window < WINDOWS; window++) {
        baseline = baseline.and(load(ping, clients, measure.dividedBy(WINDOWS)));
        listing = listing.and(load(jobs, clients, measure.dividedBy(WINDOWS)));
      }

      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("p50_ms", Figures.round(listing.percentile(0.50), 2));
      figures.put("p99_ms", Figures.round(listing.percentile(0.99), 2));
      figures.put("rps", Figures.round(listing.rps(), 2));
      figures.put("baseline_rps", Figures.round(baseline.rps(), 2));
      figures.put("ratio", Figures.round(listing.rps() / baseline.rps(), 2));
      figures.put("baseline_p50_ms", Figures.round(baseline.percentile(0.50), 2));
      figures.put("baseline_p99_ms", Figures.round(baseline.percentile(0.99), 2));
      figures.put("clients", clients);
      figures.put("warmup_seconds", Figures.round(warmedUp.took().toMillis() / 1000.0, 1));
      figures.put("warmup_settled", warmedUp.settled());
      figures.put("jobs_in_tenant", JOBS);
      figures.put("page_size", PAGE);
      figures.put("errors", listing.errors() + baseline.errors());
      figures.put("job_list_reuse", app.getEnvironment().getProperty("emoqwen.api.job-list-reuse"));
      if (jobListReuse != null) {
        figures.putAll(phases(app, tenantId, key));
      }
      return figures;
    }
  }

  /**
   * Loads both endpoints in turn until the JIT has done its work and neither one's throughput moves by more than
   * 5% from one round to the next (at least {@code minimum}, at most {@code maximum}). The request path is
   * compiled for tens of seconds under this load: per round, the compiler threads spent about as long as the
   * round itself for the first ~36 s of a quick run, and throughput crept up the whole time (the ping from 800 to
   * 9,500 rps). Throughput alone looked steady from one 1-second round to the next long before that, so the first
   * app was measured at half its warm speed; the compiler's time is what says the JVM is warm.
   */
  private static WarmUp warmUp(HttpRequest ping, HttpRequest jobs, int clients, Duration minimum, Duration maximum)
      throws Exception {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    boolean jitMeasured = jit != null && jit.isCompilationTimeMonitoringSupported();
    long start = System.nanoTime();
    Duration round = Duration.ofSeconds(1);
    double pingRps = 0;
    double jobsRps = 0;
    ArrayDeque<long[]> recent = new ArrayDeque<>(); // {nanoTime, total compilation ms} at the end of each round
    while (true) {
      double pingNow = load(ping, clients, round).rps();
      double jobsNow = load(jobs, clients, round).rps();
      long now = System.nanoTime();
      recent.addLast(new long[] {now, jitMeasured ? jit.getTotalCompilationTime() : 0});
      if (recent.size() > JIT_ROUNDS + 1) {
        recent.removeFirst();
      }
      Duration took = Duration.ofNanos(now - start);
      boolean steady = Math.abs(pingNow - pingRps) <= 0.05 * pingNow && Math.abs(jobsNow - jobsRps) <= 0.05 * jobsNow;
      boolean settled = steady && jitSettled(recent) && took.compareTo(minimum) >= 0;
      if (settled || took.compareTo(maximum) >= 0) {
        return new WarmUp(took, settled);
      }
      pingRps = pingNow;
      jobsRps = jobsNow;
    }
  }

  /** How long the warm-up took, and whether it ended settled rather than at its maximum. */
  private record WarmUp(Duration took, boolean settled) {}

  /** The compiler threads took under a tenth of the wall time of the last {@link #JIT_ROUNDS} rounds. */
  private static boolean jitSettled(ArrayDeque<long[]> recent) {
    if (recent.size() <= JIT_ROUNDS) {
      return false;
    }
    double wallMs = (recent.getLast()[0] - recent.getFirst()[0]) / 1e6;
    long compilingMs = recent.getLast()[1] - recent.getFirst()[1];
    return compilingMs < 0.10 * wallMs;
  }

  private static Map<String, Object> phases(Map<String, Object> figures) {
    Map<String, Object> phases = new LinkedHashMap<>();
    figures.forEach((name, value) -> {
      if (name.startsWith("inproc_")) {
        phases.put(name, value);
      }
    });
    return phases;
  }

  private static ConfigurableApplicationContext start(Path dataDir, String adminKey, Duration jobListReuse) {
    SpringApplication application = new SpringApplication(ApiApplication.class);
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("server.port", "0");
    properties.put("emoqwen.data-dir", dataDir.toString());
    properties.put("emoqwen.database.embedded-durable", "false");
    properties.put("emoqwen.admin-api-key", adminKey);
    properties.put("emoqwen.jobs.reaper-enabled", "false");
    // The benchmark measures the read path, not the limiter refusing it.
    properties.put("emoqwen.api.key-requests-per-second", "1000000");
    properties.put("emoqwen.api.key-burst", "1000000");
    properties.put("logging.level.root", "WARN");
    properties.put("server.tomcat.threads.max", "32");
    if (jobListReuse != null) {
      properties.put("emoqwen.api.job-list-reuse", jobListReuse.toString());
    }
    // As arguments, not default properties: application.yml outranks defaults, and its key rate limit (50/s)
    // would then throttle the benchmark's one key and be measured instead of the gateway.
    return application.run(properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue())
        .toArray(String[]::new));
  }

  /**
   * Where a listing's time goes, measured in-process after the load (median of many, in ms): the whole
   * JobQueue.list, an empty scoped transaction (begin, scope round trip, commit), the same page by plain JDBC
   * in one transaction with the scope set, and the API key check. The gap between the first and the third is
   * the per-transaction overhead of the transaction machinery.
   */
  private static Map<String, Object> phases(ConfigurableApplicationContext app, UUID tenantId, String key)
      throws Exception {
    JobQueue queue = app.getBean(JobQueue.class);
    ScopedTransactions transactions = app.getBean(ScopedTransactions.class);
    DataSource dataSource = app.getBean(DataSource.class);
    ApiKeyService keys = app.getBean(ApiKeyService.class);
    JobFilter filter = new JobFilter(null, null, null, null, null, PAGE);
    Map<String, Object> phases = new LinkedHashMap<>();
    phases.put("inproc_list_ms", median(() -> queue.list(tenantId, filter)));
    phases.put("inproc_empty_scoped_tx_ms", median(() -> transactions.inTenant(tenantId, () -> null)));
    phases.put("inproc_jdbc_list_ms", median(() -> plainJdbcPage(dataSource, tenantId)));
    phases.put("inproc_jdbc_select1_ms", median(() -> plainJdbcSelect1(dataSource)));
    phases.put("inproc_verify_key_ms", median(() -> keys.verify(key)));
    System.err.println("plan of the listing (plain JDBC, tenant scope):\n" + plan(dataSource, tenantId));
    return phases;
  }

  private static Object plainJdbcPage(DataSource dataSource, UUID tenantId) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement scope = connection.prepareStatement(
          "SELECT set_config('emoqwen.tenant_id', ?, true), set_config('emoqwen.system', 'off', true)")) {
        scope.setString(1, tenantId.toString());
        scope.execute();
      }
      int rows = 0;
      try (PreparedStatement page = connection.prepareStatement("SELECT * FROM jobs WHERE tenant_id = ?"
          + " ORDER BY created_at DESC, id DESC LIMIT " + (PAGE + 1))) {
        page.setObject(1, tenantId);
        try (ResultSet result = page.executeQuery()) {
          while (result.next()) {
            result.getString("payload");
            rows++;
          }
        }
      }
      connection.commit();
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String plan(DataSource dataSource, UUID tenantId) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement scope = connection.prepareStatement(
          "SELECT set_config('emoqwen.tenant_id', ?, true), set_config('emoqwen.system', 'off', true)")) {
        scope.setString(1, tenantId.toString());
        scope.execute();
      }
      StringBuilder plan = new StringBuilder();
      try (PreparedStatement explain = connection.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM jobs"
          + " WHERE tenant_id = ? ORDER BY created_at DESC, id DESC LIMIT " + (PAGE + 1));) {
        explain.setObject(1, tenantId);
        try (ResultSet result = explain.executeQuery()) {
          while (result.next()) {
            plan.append(result.getString(1)).append('\n');
          }
        }
      }
      connection.commit();
      return plan.toString();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object plainJdbcSelect1(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement("SELECT 1");
        ResultSet result = statement.executeQuery()) {
      return result.next();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double median(Supplier<Object> work) {
    for (int i = 0; i < 200; i++) {
      work.get();
    }
    long[] took = new long[500];
    for (int i = 0; i < took.length; i++) {
      long start = System.nanoTime();
      work.get();
      took[i] = System.nanoTime() - start;
    }
    Arrays.sort(took);
    return Math.round(took[took.length / 2] / 1e4) / 100.0;
  }

  /** 10,000 jobs in one statement, spread over the last day so the listing order is real. */
  private static void seedJobs(ConfigurableApplicationContext app, UUID tenantId) {
    ScopedTransactions transactions = app.getBean(ScopedTransactions.class);
    JdbcClient jdbc = app.getBean(JdbcClient.class);
    transactions.inTenant(tenantId, () -> jdbc.sql(
            "INSERT INTO jobs (id, tenant_id, type, state, payload, run_after, created_at, updated_at, created_by)"
                + " SELECT gen_random_uuid(), :tenant, 'bench.noop', 'SUCCEEDED', jsonb_build_object('n', n),"
                + "   now(), now() - n * interval '1 second', now(), 'bench' FROM generate_series(1, :jobs) AS n")
        .param("tenant", tenantId).param("jobs", JOBS).update());
    // What autovacuum's analyze does within a minute of such a load: without statistics the planner takes the
    // tenant for one row, reads all 10,000 and sorts them (16 ms) instead of walking the listing index (50 rows).
    transactions.asSystem(() -> jdbc.sql("ANALYZE jobs").update());
  }

  private record Result(long[] latenciesNanos, int errors, Duration elapsed) {
    static final Result NONE = new Result(new long[0], 0, Duration.ZERO);

    Result and(Result more) {
      long[] both = Arrays.copyOf(latenciesNanos, latenciesNanos.length + more.latenciesNanos.length);
      System.arraycopy(more.latenciesNanos, 0, both, latenciesNanos.length, more.latenciesNanos.length);
      return new Result(both, errors + more.errors, elapsed.plus(more.elapsed));
    }

    double percentile(double p) {
      long[] sorted = latenciesNanos.clone();
      Arrays.sort(sorted);
      return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    double rps() {
      return latenciesNanos.length / (elapsed.toNanos() / 1e9);
    }
  }

  /**
   * {@code clients} threads, each sending the request back to back for {@code duration} over its own
   * keep-alive connection. The blocking {@link HttpURLConnection} is the load generator: on two shared cores
   * whatever the clients burn is taken from the server, and java.net.http's asynchronous pipeline burnt about
   * 60% of the server's CPU on top of it (JFR thread CPU), most of it per response byte, so it weighed on the
   * job page far more than on the ping and measured itself in the ratio.
   */
  private static Result load(HttpRequest request, int clients, Duration duration) throws Exception {
    URL url = request.uri().toURL();
    String authorization = request.headers().firstValue("Authorization").orElse(null);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    List<Future<long[]>> futures = new ArrayList<>();
    int[] errors = new int[clients];
    for (int c = 0; c < clients; c++) {
      int client = c;
      futures.add(pool.submit(() -> {
        long[] latencies = new long[1 << 16];
        byte[] buffer = new byte[64 * 1024];
        int n = 0;
        while (System.nanoTime() < end) {
          long sent = System.nanoTime();
          HttpURLConnection connection = (HttpURLConnection) url.openConnection();
          if (authorization != null) {
            connection.setRequestProperty("Authorization", authorization);
          }
          int status = connection.getResponseCode();
          String firstError = null;
          // Read to the end and close the stream (not the connection), so the connection goes back for reuse.
          try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            if (status != 200 && errors[client] == 0 && body != null) {
              firstError = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            }
            while (body != null && body.read(buffer) >= 0) {
              // drained
            }
          }
          long took = System.nanoTime() - sent;
          if (status != 200) {
            if (errors[client]++ == 0) {
              System.err.println("first error of client " + client + ": " + status + " " + firstError);
            }
            continue;
          }
          if (n == latencies.length) {
            latencies = Arrays.copyOf(latencies, n * 2);
          }
          latencies[n++] = took;
        }
        return Arrays.copyOf(latencies, n);
      }));
    }
    List<long[]> all = new ArrayList<>();
    for (Future<long[]> future : futures) {
      all.add(future.get());
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    pool.shutdown();
    long[] merged = all.stream().flatMapToLong(Arrays::stream).toArray();
    return new Result(merged, Arrays.stream(errors).sum(), elapsed);
  }

  private static void check(HttpClient http, HttpRequest request, int expectedJobs) throws Exception {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode page = new ObjectMapper().readTree(response.body());
    if (response.statusCode() != 200 || page.get("jobs").size() != expectedJobs || page.get("nextCursor").isNull()) {
      throw new IllegalStateException("the job list does not answer as expected: " + response.statusCode() + " "
          + response.body().substring(0, Math.min(300, response.body().length())));
    }
  }

  private static JsonNode post(HttpClient http, String url, String key, String json) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
    }
    return new ObjectMapper().readTree(response.body());
  }

  private static String randomSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
