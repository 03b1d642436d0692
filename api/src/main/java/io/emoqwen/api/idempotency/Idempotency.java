package io.emoqwen.api.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emoqwen.api.audit.AuditTrail;
import io.emoqwen.api.errors.ApiException;
import io.emoqwen.api.web.RequestIds;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.emoqwen.core.tenancy.TenantScope;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Runs a creating POST once per {@code Idempotency-Key}: a retry with the same key and the same request gets
 * the first response again (with {@code Idempotent-Replayed: true}); the same key with a different request
 * is refused with 422. The key is claimed in the {@code idempotency_keys} table (unique per tenant, actor,
 * operation and key) before the creation runs, in the creation's own transaction: a concurrent retry waits on
 * that row and then replays it, and a failed creation leaves no row. The stored response is the creation's
 * {@link Created#replay()} form, and fields named {@code secret} are never kept whatever the caller says.
 */
@Service
public class Idempotency {

  public static final String HEADER = "Idempotency-Key";
  public static final String REPLAYED = "Idempotent-Replayed";

  private final JdbcClient jdbc;
  private final ScopedTransactions transactions;
  private final AuditTrail audit;
  private final ObjectMapper json;

  Idempotency(JdbcClient jdbc, ScopedTransactions transactions, AuditTrail audit, ObjectMapper json) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.audit = audit;
    this.json = json;
  }

  /**
   * What a creation produced: its response, what a replay of it answers (the response less what must be
   * shown once, e.g. a secret), and the target the audit log names.
   */
  public record Created<T>(HttpStatus status, T body, T replay, String targetType, Object targetId) {
    public Created(HttpStatus status, T body, String targetType, Object targetId) {
      this(status, body, body, targetType, targetId);
    }
  }

  /**
   * @param tenantId the tenant the creation happens in, or null for a platform-level creation
   * @param action the operation id, e.g. {@code createTenant}
   */
  public <T> ResponseEntity<T> create(UUID tenantId, String actor, String action, String key, Object request,
      Class<T> responseType, Supplier<Created<T>> creation) {
    if (key != null && (key.isBlank() || key.length() > 200)) {
      throw ApiException.badRequest(HEADER + " must have 1 to 200 characters");
    }
    String requestHash = key == null ? null : hash(request);
    TenantScope scope = tenantId == null ? TenantScope.system() : TenantScope.of(tenantId);
    return transactions.in(scope, () -> {
      if (key != null && !claim(tenantId, actor, action, key, requestHash)) {
        return replay(tenantId, actor, action, key, requestHash, responseType);
      }
      Created<T> created = creation.get();
      if (key != null) {
        remember(tenantId, actor, action, key, created);
      }
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("status", created.status().value());
      if (key != null) {
        details.put("idempotencyKey", key);
      }
      audit.writeInCurrentTransaction(new AuditTrail.Entry(tenantId, actor, action, created.targetType(),
          String.valueOf(created.targetId()), "SUCCESS", currentRequestId(), details));
      return ResponseEntity.status(created.status()).body(created.body());
    });
  }

  /** True when this request now owns the key; false when an earlier (committed) request does. */
  private boolean claim(UUID tenantId, String actor, String action, String key, String requestHash) {
    // ON CONFLICT waits for a concurrent claimant's transaction: it commits (we replay) or rolls back (we own).
    return jdbc.sql("INSERT INTO idempotency_keys (tenant_id, actor, operation, key, request_hash)"
            + " VALUES (:tenant, :actor, :operation, :key, :hash) ON CONFLICT DO NOTHING")
        .param("tenant", tenantId).param("actor", actor).param("operation", action).param("key", key)
        .param("hash", requestHash)
        .update() == 1;
  }

  private void remember(UUID tenantId, String actor, String action, String key, Created<?> created) {
    jdbc.sql("UPDATE idempotency_keys SET status = :status, response = CAST(:response AS jsonb)"
            + " WHERE tenant_id IS NOT DISTINCT FROM :tenant AND actor = :actor AND operation = :operation AND key = :key")
        .param("status", created.status().value()).param("response", withoutSecrets(created.replay()))
        .param("tenant", tenantId).param("actor", actor).param("operation", action).param("key", key)
        .update();
  }

  private <T> ResponseEntity<T> replay(UUID tenantId, String actor, String action, String key, String requestHash,
      Class<T> responseType) {
    Stored first = jdbc.sql("SELECT request_hash, status, response FROM idempotency_keys"
            + " WHERE tenant_id IS NOT DISTINCT FROM :tenant AND actor = :actor AND operation = :operation AND key = :key")
        .param("tenant", tenantId).param("actor", actor).param("operation", action).param("key", key)
        .query((row, n) -> new Stored(row.getString(1), row.getInt(2), row.getString(3)))
        .single();
    if (!requestHash.equals(first.requestHash())) {
      throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, HEADER + " was already used for a different request");
    }
    try {
      T body = json.readValue(first.response(), responseType);
      return ResponseEntity.status(first.status()).header(REPLAYED, "true").body(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored idempotent response no longer matches " + responseType.getSimpleName(), e);
    }
  }

  private record Stored(String requestHash, int status, String response) {}

  private String withoutSecrets(Object body) {
    JsonNode node = json.valueToTree(body);
    if (node instanceof ObjectNode object) {
      object.remove("secret");
    }
    return node.toString();
  }

  private String hash(Object request) {
    try {
      byte[] canonical = json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot fingerprint the request", e);
    }
  }

  private static String currentRequestId() {
    if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet) {
      HttpServletRequest request = servlet.getRequest();
      return RequestIds.of(request);
    }
    return null;
  }
}
