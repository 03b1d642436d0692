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
import java.util.Optional;
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
 * is refused with 422. The first response is kept in the audit entry of the creation, written in the same
 * transaction as the creation itself, so a record exists exactly when the creation committed. Fields named
 * {@code secret} are never kept: a replayed API key creation answers without its secret.
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

  /** What a creation produced: its response and the target the audit log names. */
  public record Created<T>(HttpStatus status, T body, String targetType, Object targetId) {}

  /**
   * @param tenantId the tenant the creation happens in, or null for a platform-level creation
   * @param action the operation id, e.g. {@code createTenant}
   */
  public <T> ResponseEntity<T> create(UUID tenantId, String actor, String action, String key, Object request,
      Class<T> responseType, Supplier<Created<T>> creation) {
    if (key != null && (key.isBlank() || key.length() > 200)) {
      throw ApiException.badRequest(HEADER + " must have 1 to 200 characters");
    }
    String requestHash = hash(request);
    TenantScope scope = tenantId == null ? TenantScope.system() : TenantScope.of(tenantId);
    return transactions.in(scope, () -> {
      if (key != null) {
        Optional<JsonNode> first = find(tenantId, actor, action, key);
        if (first.isPresent()) {
          return replay(first.get(), requestHash, responseType);
        }
      }
      Created<T> created = creation.get();
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("status", created.status().value());
      if (key != null) {
        details.put("idempotency", Map.of("key", key, "requestHash", requestHash, "status", created.status().value(),
            "body", withoutSecrets(created.body())));
      }
      audit.writeInCurrentTransaction(new AuditTrail.Entry(tenantId, actor, action, created.targetType(),
          String.valueOf(created.targetId()), "SUCCESS", currentRequestId(), details));
      return ResponseEntity.status(created.status()).body(created.body());
    });
  }

  private Optional<JsonNode> find(UUID tenantId, String actor, String action, String key) {
    return jdbc.sql("SELECT details -> 'idempotency' FROM audit_log"
            + " WHERE tenant_id IS NOT DISTINCT FROM :tenant AND actor = :actor AND action = :action"
            + "   AND outcome = 'SUCCESS' AND details -> 'idempotency' ->> 'key' = :key ORDER BY id LIMIT 1")
        .param("tenant", tenantId)
        .param("actor", actor)
        .param("action", action)
        .param("key", key)
        .query(String.class)
        .optional()
        .map(this::parse);
  }

  private <T> ResponseEntity<T> replay(JsonNode first, String requestHash, Class<T> responseType) {
    if (!requestHash.equals(first.path("requestHash").asText())) {
      throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY,
          HEADER + " was already used for a different request");
    }
    try {
      T body = json.treeToValue(first.get("body"), responseType);
      return ResponseEntity.status(first.path("status").asInt(201)).header(REPLAYED, "true").body(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored idempotent response no longer matches " + responseType.getSimpleName(), e);
    }
  }

  private JsonNode withoutSecrets(Object body) {
    JsonNode node = json.valueToTree(body);
    if (node instanceof ObjectNode object) {
      object.remove("secret");
    }
    return node;
  }

  private String hash(Object request) {
    try {
      byte[] canonical = json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot fingerprint the request", e);
    }
  }

  private JsonNode parse(String text) {
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable idempotency record", e);
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
