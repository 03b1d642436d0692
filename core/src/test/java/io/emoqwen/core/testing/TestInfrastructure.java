package io.emoqwen.core.testing;

import com.zaxxer.hikari.HikariDataSource;
import io.emoqwen.core.embedded.EmbeddedPostgresServer;
import io.emoqwen.core.embedded.EmbeddedS3Server;
import io.emoqwen.core.tenancy.ScopedDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;

/**
 * One embedded PostgreSQL and one embedded S3 per test JVM (real servers, started on first use), and a fresh
 * migrated database per caller so test classes never see each other's rows. Other modules reuse this through
 * core's test jar.
 */
public final class TestInfrastructure {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgresServer postgres;
  private static EmbeddedS3Server s3;

  private TestInfrastructure() {}

  public static synchronized EmbeddedPostgresServer postgres() {
    if (postgres == null) {
      postgres = EmbeddedPostgresServer.start(tempDirectory("emoqwen-test-pg"), false);
      Runtime.getRuntime().addShutdownHook(new Thread(postgres::close));
    }
    return postgres;
  }

  public static synchronized EmbeddedS3Server s3() {
    if (s3 == null) {
      s3 = EmbeddedS3Server.start(tempDirectory("emoqwen-test-s3"), 0);
      Runtime.getRuntime().addShutdownHook(new Thread(s3::close));
    }
    return s3;
  }

  /** A new database with the platform schema, as the platform's (non-superuser) role sees it. */
  public static HikariDataSource freshDatabase() {
    String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    HikariDataSource dataSource = dataSource(postgres().ensureDatabase(name), 40);
    Flyway.configure().dataSource(dataSource).load().migrate();
    return dataSource;
  }

  /** A new migrated database behind the platform's scoped pools (what the applications use). */
  public static ScopedDataSource freshScopedDatabase(int poolSize) {
    String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    ScopedDataSource dataSource = ScopedDataSource.create(postgres().ensureDatabase(name), EmbeddedPostgresServer.OWNER, "", poolSize);
    Flyway.configure().dataSource(dataSource.systemPool()).load().migrate();
    return dataSource;
  }

  /** Spring properties that point an application at a fresh database and the shared embedded S3. */
  public static Map<String, String> springProperties() {
    String name = "app_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    return Map.of(
        "emoqwen.database.url", postgres().ensureDatabase(name),
        "emoqwen.database.username", EmbeddedPostgresServer.OWNER,
        "emoqwen.s3.endpoint", s3().endpoint().toString(),
        "emoqwen.s3.access-key", s3().accessKey(),
        "emoqwen.s3.secret-key", s3().secretKey(),
        "emoqwen.s3.bucket", "test-" + DATABASES.incrementAndGet());
  }

  public static HikariDataSource dataSource(String jdbcUrl, int poolSize) {
    HikariDataSource dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(jdbcUrl);
    dataSource.setUsername(EmbeddedPostgresServer.OWNER);
    dataSource.setMaximumPoolSize(poolSize);
    return dataSource;
  }

  private static Path tempDirectory(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
