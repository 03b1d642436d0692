package io.emoqwen.core.workers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.core.tenancy.ScopedTransactions;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The platform's live workers: each registers what it is and can do, and heartbeats with its load; the gateway
 * routes to those heard from recently. Platform-level (a worker serves many tenants).
 */
public class WorkerRegistry {

  /** A worker as last heard from. */
  public record RegisteredWorker(String id, String role, String host, JsonNode capabilities, int load,
      Instant startedAt, Instant heartbeatAt) {}

  private final JdbcClient jdbc;
  private final ScopedTransactions transactions;
  private final ObjectMapper json;
  private final Clock clock;

  public WorkerRegistry(JdbcClient jdbc, ScopedTransactions transactions, ObjectMapper json, Clock clock) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.json = json;
    this.clock = clock;
  }

  /** Registers or refreshes a worker; also its heartbeat (capabilities may change, e.g. a model loaded). */
  public void heartbeat(String id, String role, String host, Object capabilities, int load) {
    Instant now = now();
    transactions.asSystem(() -> jdbc.sql(
            "INSERT INTO workers (id, role, host, capabilities, load, started_at, heartbeat_at)"
                + " VALUES (:id, :role, :host, CAST(:capabilities AS jsonb), :load, :now, :now)"
                + " ON CONFLICT (id) DO UPDATE SET capabilities = excluded.capabilities, load = excluded.load,"
                + "   heartbeat_at = excluded.heartbeat_at")
        .param("id", id)
        .param("role", role)
        .param("host", host)
        .param("capabilities", toJson(capabilities))
        .param("load", load)
        .param("now", Timestamp.from(now))
        .update());
  }

  /** Workers of {@code role} heard from within {@code freshness}, least loaded first. */
  public List<RegisteredWorker> alive(String role, Duration freshness) {
    return transactions.asSystem(() -> jdbc.sql(
            "SELECT * FROM workers WHERE role = :role AND heartbeat_at >= :since ORDER BY load, heartbeat_at DESC")
        .param("role", role)
        .param("since", Timestamp.from(now().minus(freshness)))
        .query((row, n) -> new RegisteredWorker(
            row.getString("id"), row.getString("role"), row.getString("host"), parse(row.getString("capabilities")),
            row.getInt("load"), row.getTimestamp("started_at").toInstant(), row.getTimestamp("heartbeat_at").toInstant()))
        .list());
  }

  public void deregister(String id) {
    transactions.asSystem(() -> jdbc.sql("DELETE FROM workers WHERE id = :id").param("id", id).update());
  }

  /** Forgets workers silent for longer than {@code silence}. */
  public int forgetSilent(Duration silence) {
    return transactions.asSystem(() -> jdbc.sql("DELETE FROM workers WHERE heartbeat_at < :before")
        .param("before", Timestamp.from(now().minus(silence)))
        .update());
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("capabilities must serialise as JSON", e);
    }
  }

  private JsonNode parse(String text) {
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("workers.capabilities holds invalid JSON", e);
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
