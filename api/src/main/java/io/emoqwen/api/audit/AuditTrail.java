package io.emoqwen.api.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.api.tenants.TenantContext;
import io.emoqwen.core.tenancy.ScopedTransactions;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The audit log: who did what to which target in which tenant, with what outcome, under which request id.
 * {@link AuditInterceptor} writes one entry for every mutating call on its own; a controller only names
 * the target ({@link #target}) when it is not in the path, and {@code Idempotency} writes the entry of a
 * successful creation in the creation's own transaction.
 */
@Service
public class AuditTrail {

  static final String TENANT = AuditTrail.class.getName() + ".tenant";
  static final String TARGET_TYPE = AuditTrail.class.getName() + ".targetType";
  static final String TARGET_ID = AuditTrail.class.getName() + ".targetId";
  static final String WRITTEN = AuditTrail.class.getName() + ".written";

  private final JdbcClient jdbc;
  private final ScopedTransactions transactions;
  private final ObjectMapper json;

  AuditTrail(JdbcClient jdbc, ScopedTransactions transactions, ObjectMapper json) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.json = json;
  }

  /** One row of the log. {@code tenantId} is null for platform-level actions. */
  public record Entry(UUID tenantId, String actor, String action, String targetType, String targetId,
      String outcome, String requestId, Map<String, Object> details) {}

  /** Remembers the request's tenant; only callers that resolved it (members, admins) get rows in its log. */
  public void tenantResolved(TenantContext context) {
    set(TENANT, context.tenantId());
  }

  /** Names the target of the current call, e.g. the id of what it created. */
  public void target(String type, Object id) {
    set(TARGET_TYPE, type);
    set(TARGET_ID, String.valueOf(id));
  }

  /** Writes an entry in the caller's transaction when there is one (so it commits with the change). */
  public void write(Entry entry) {
    transactions.asSystem(() -> insert(entry));
  }

  /** For code already inside a tenant's transaction: the row commits or rolls back with the change. */
  public void writeInCurrentTransaction(Entry entry) {
    insert(entry);
    set(WRITTEN, Boolean.TRUE);
  }

  private void insert(Entry entry) {
    jdbc.sql("INSERT INTO audit_log (tenant_id, actor, action, target_type, target_id, outcome, request_id, details)"
            + " VALUES (:tenant, :actor, :action, :targetType, :targetId, :outcome, :requestId, CAST(:details AS jsonb))")
        .param("tenant", entry.tenantId())
        .param("actor", entry.actor())
        .param("action", entry.action())
        .param("targetType", entry.targetType())
        .param("targetId", entry.targetId())
        .param("outcome", entry.outcome())
        .param("requestId", entry.requestId())
        .param("details", toJson(entry.details()))
        .update();
  }

  private String toJson(Map<String, Object> details) {
    try {
      return json.writeValueAsString(details == null ? Map.of() : details);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("audit details must be JSON", e);
    }
  }

  static Object attribute(HttpServletRequest request, String name) {
    return request.getAttribute(name);
  }

  private static void set(String name, Object value) {
    RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
    if (attributes instanceof ServletRequestAttributes servlet) {
      servlet.getRequest().setAttribute(name, value);
    }
  }

  /** The current request's tenant, if a controller resolved one. */
  public static UUID currentTenant() {
    RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
    return attributes == null ? null : (UUID) attributes.getAttribute(TENANT, RequestAttributes.SCOPE_REQUEST);
  }
}
