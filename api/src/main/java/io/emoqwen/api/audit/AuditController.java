package io.emoqwen.api.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.api.security.CurrentCaller;
import io.emoqwen.api.security.Role;
import io.emoqwen.api.tenants.TenantAccess;
import io.emoqwen.api.tenants.TenantContext;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reading the audit log: a tenant's (its ADMINs) and the platform-level one (platform admins). */
@RestController
@Tag(name = "audit")
class AuditController {

  private final TenantAccess access;
  private final ScopedTransactions transactions;
  private final JdbcClient jdbc;
  private final ObjectMapper json;

  AuditController(TenantAccess access, ScopedTransactions transactions, JdbcClient jdbc, ObjectMapper json) {
    this.access = access;
    this.transactions = transactions;
    this.jdbc = jdbc;
    this.json = json;
  }

  record AuditEntryView(long id, UUID tenantId, Instant at, String actor, String action, String targetType,
      String targetId, String outcome, String requestId, JsonNode details) {}

  @GetMapping("/api/v1/tenants/{tenant}/audit")
  @Operation(operationId = "listTenantAudit", summary = "Reads the tenant's audit log, newest first (ADMIN)")
  List<AuditEntryView> tenantLog(@PathVariable String tenant,
      @RequestParam(required = false) @Min(1) Long before,
      @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
    TenantContext context = access.require(tenant, Role.ADMIN);
    return transactions.inTenant(context.tenantId(), () -> read(context.tenantId(), before, limit));
  }

  @GetMapping("/api/v1/audit")
  @Operation(operationId = "listPlatformAudit", summary = "Reads platform-level audit entries, newest first (platform admins)")
  List<AuditEntryView> platformLog(@RequestParam(required = false) @Min(1) Long before,
      @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
    CurrentCaller.requirePlatformAdmin();
    return transactions.asSystem(() -> read(null, before, limit));
  }

  private List<AuditEntryView> read(UUID tenantId, Long before, int limit) {
    return jdbc.sql("SELECT * FROM audit_log WHERE tenant_id IS NOT DISTINCT FROM :tenant"
            + " AND (CAST(:before AS bigint) IS NULL OR id < :before) ORDER BY id DESC LIMIT :limit")
        .param("tenant", tenantId).param("before", before).param("limit", limit)
        .query(this::row).list();
  }

  private AuditEntryView row(ResultSet row, int n) throws SQLException {
    JsonNode details;
    try {
      details = json.readTree(row.getString("details") == null ? "{}" : row.getString("details"));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return new AuditEntryView(row.getLong("id"), row.getObject("tenant_id", UUID.class),
        row.getTimestamp("at").toInstant(), row.getString("actor"), row.getString("action"),
        row.getString("target_type"), row.getString("target_id"), row.getString("outcome"),
        row.getString("request_id"), details);
  }
}
