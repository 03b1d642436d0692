package io.emoqwen.core.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;

/** Reading job rows and writing JSON columns: the one place that knows the column layout of {@code jobs}. */
final class JobRows {

  private final ObjectMapper json;
  final RowMapper<Job> job = this::job;

  JobRows(ObjectMapper json) {
    this.json = json;
  }

  String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialise " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  JsonNode tree(Object value) {
    return json.valueToTree(value);
  }

  <P> P fromJson(JsonNode node, Class<P> type) {
    try {
      return json.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("payload does not match " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private Job job(ResultSet row, int rowNumber) throws SQLException {
    return new Job(
        row.getObject("id", UUID.class),
        row.getObject("tenant_id", UUID.class),
        row.getString("type"),
        JobState.valueOf(row.getString("state")),
        row.getInt("priority"),
        jsonColumn(row, "payload"),
        uuids(row.getArray("depends_on")),
        row.getInt("attempt"),
        row.getInt("max_attempts"),
        instant(row, "run_after"),
        row.getString("lease_owner"),
        instant(row, "lease_expires_at"),
        row.getLong("version"),
        row.getDouble("progress"),
        row.getString("progress_message"),
        jsonColumn(row, "result"),
        row.getString("error"),
        row.getString("idempotency_key"),
        row.getString("created_by"),
        instant(row, "created_at"),
        instant(row, "updated_at"),
        instant(row, "started_at"),
        instant(row, "finished_at"));
  }

  JsonNode jsonColumn(ResultSet row, String column) throws SQLException {
    String text = row.getString(column);
    if (text == null) {
      return null;
    }
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new SQLException("column " + column + " holds invalid JSON", e);
    }
  }

  static Instant instant(ResultSet row, String column) throws SQLException {
    Timestamp value = row.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }

  static List<UUID> uuids(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.stream((Object[]) array.getArray()).map(UUID.class::cast).toList();
  }
}
