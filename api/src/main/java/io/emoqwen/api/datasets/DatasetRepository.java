package io.emoqwen.api.datasets;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Dataset rows; callers run it inside the tenant's transaction and pass the tenant first. */
@Repository
class DatasetRepository {

  private final JdbcClient jdbc;

  DatasetRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record Dataset(UUID id, String name, String kind, String description, UUID createdBy, Instant createdAt,
      int versions) {}

  Dataset insert(UUID tenantId, String name, String kind, String description, UUID createdBy) {
    UUID id = UUID.randomUUID();
    jdbc.sql("INSERT INTO datasets (id, tenant_id, name, kind, description, created_by)"
            + " VALUES (:id, :tenant, :name, :kind, :description, :createdBy)")
        .param("id", id).param("tenant", tenantId).param("name", name).param("kind", kind)
        .param("description", description).param("createdBy", createdBy)
        .update();
    return find(tenantId, id).orElseThrow();
  }

  boolean nameTaken(UUID tenantId, String name) {
    return jdbc.sql("SELECT count(*) FROM datasets WHERE tenant_id = :tenant AND name = :name")
        .param("tenant", tenantId).param("name", name).query(Long.class).single() > 0;
  }

  List<Dataset> list(UUID tenantId) {
    return jdbc.sql(SELECT + " WHERE d.tenant_id = :tenant ORDER BY d.created_at DESC, d.id")
        .param("tenant", tenantId).query(this::row).list();
  }

  Optional<Dataset> find(UUID tenantId, UUID id) {
    return jdbc.sql(SELECT + " WHERE d.tenant_id = :tenant AND d.id = :id")
        .param("tenant", tenantId).param("id", id).query(this::row).optional();
  }

  boolean delete(UUID tenantId, UUID id) {
    return jdbc.sql("DELETE FROM datasets WHERE tenant_id = :tenant AND id = :id")
        .param("tenant", tenantId).param("id", id).update() > 0;
  }

  private static final String SELECT = "SELECT d.*, (SELECT count(*) FROM dataset_versions v"
      + " WHERE v.tenant_id = d.tenant_id AND v.dataset_id = d.id) AS versions FROM datasets d";

  private Dataset row(ResultSet row, int n) throws SQLException {
    return new Dataset(row.getObject("id", UUID.class), row.getString("name"), row.getString("kind"),
        row.getString("description"), row.getObject("created_by", UUID.class),
        row.getTimestamp("created_at").toInstant(), row.getInt("versions"));
  }
}
