package io.emoqwen.core.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 (zonky binaries) for the standalone platform and the tests. Its data directory is kept
 * between starts, so a restart keeps every tenant, job and checkpoint record.
 *
 * <p>The platform connects as a non-superuser role that owns the database: row-level security does not apply
 * to superusers at all, and the whole point of the embedded default is to run the production code paths.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  public static final String OWNER = "emoqwen";
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts on {@code dataDirectory} (created and initialised on first use), with durability as configured. */
  public static EmbeddedPostgresServer start(Path dataDirectory, boolean durable) {
    try {
      Files.createDirectories(dataDirectory);
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setPGStartupWait(Duration.ofSeconds(60))
              .setServerConfig("max_connections", "200");
      if (!durable) {
        // Tests and benchmarks throw the data away: skip the fsyncs that dominate a 2-core machine.
        builder.setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off")
            .setServerConfig("full_page_writes", "off");
      }
      EmbeddedPostgresServer server = new EmbeddedPostgresServer(builder.start());
      server.ensureDatabase(OWNER);
      log.info("embedded PostgreSQL on port {} with data in {}", server.port(), dataDirectory);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDirectory, e);
    }
  }

  /** Creates (once) a database of that name owned by the platform role; returns its JDBC URL. */
  public String ensureDatabase(String name) {
    try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
      ensureDatabase(connection, name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not reach the embedded PostgreSQL", e);
    }
    return jdbcUrl(name);
  }

  /**
   * Through a superuser connection to any PostgreSQL: creates the platform's non-superuser role (with no
   * password: the embedded server trusts local connections) and a database it owns.
   */
  public static void ensureDatabase(Connection superuser, String name) {
    if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("database names are lower-case identifiers, got: " + name);
    }
    try (Statement statement = superuser.createStatement()) {
      if (!exists(statement, "SELECT 1 FROM pg_roles WHERE rolname = '" + OWNER + "'")) {
        statement.execute("CREATE ROLE " + OWNER + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE");
      }
      if (!exists(statement, "SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
        statement.execute("CREATE DATABASE " + name + " OWNER " + OWNER);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
  }

  private static boolean exists(Statement statement, String query) throws SQLException {
    try (ResultSet rows = statement.executeQuery(query)) {
      return rows.next();
    }
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port() + "/" + database;
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop the embedded PostgreSQL", e);
    }
  }
}
