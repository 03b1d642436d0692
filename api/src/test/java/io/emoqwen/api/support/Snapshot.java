package io.emoqwen.api.support;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A fingerprint of everything a tenant owns, to prove a refused call changed nothing. */
public final class Snapshot {

  private static final List<String> QUERIES = List.of(
      "SELECT count(*) || ':' || coalesce(string_agg(id || state || version, ',' ORDER BY id), '') FROM jobs WHERE tenant_id = :t",
      "SELECT count(*) || ':' || coalesce(string_agg(id || name, ',' ORDER BY id), '') FROM datasets WHERE tenant_id = :t",
      "SELECT count(*) || ':' || coalesce(string_agg(id || name, ',' ORDER BY id), '') FROM checkpoints WHERE tenant_id = :t",
      "SELECT count(*) || ':' || coalesce(string_agg(id || state, ',' ORDER BY id), '') FROM deployments WHERE tenant_id = :t",
      "SELECT count(*) || ':' || coalesce(string_agg(id::text, ',' ORDER BY id), '') FROM evaluations WHERE tenant_id = :t",
      "SELECT count(*) || ':' || coalesce(string_agg(id || coalesce(revoked_at::text, ''), ',' ORDER BY id), '') FROM api_keys WHERE tenant_id = :t",
      "SELECT count(*) || ':' || coalesce(string_agg(user_id || role, ',' ORDER BY user_id), '') FROM memberships WHERE tenant_id = :t",
      "SELECT max_running_jobs || ':' || storage_quota_bytes FROM tenants WHERE id = :t");

  private Snapshot() {}

  public static Map<String, String> of(ApiTest test, UUID tenantId) {
    JdbcClient jdbc = test.jdbc;
    return test.transactions.asSystem(() -> QUERIES.stream().collect(Collectors.toMap(q -> q,
        q -> String.valueOf(jdbc.sql(q).param("t", tenantId).query(String.class).single()))));
  }
}
