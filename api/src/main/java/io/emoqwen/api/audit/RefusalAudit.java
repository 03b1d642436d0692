package io.emoqwen.api.audit;

import io.emoqwen.api.security.Caller;
import io.emoqwen.api.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Audits what the security filters refuse before any controller runs (401 unknown credentials, 403 CSRF or
 * key scope), written before the refusal is answered. A key over its rate limit (429) is not audited: a busy
 * client would fill the log with it. A refusal of a known API key goes to
 * its tenant's log, so the tenant's admins see their keys being refused; every other one to the platform log.
 */
@Component
public class RefusalAudit {

  private static final Logger log = LoggerFactory.getLogger(RefusalAudit.class);

  private final AuditTrail trail;

  RefusalAudit(AuditTrail trail) {
    this.trail = trail;
  }

  /**
   * @param caller who was refused, when known (a valid key over its scope), else null
   * @param actor how to name an unknown caller, e.g. the prefix of a wrong key ({@code key:ab12cd34}) or null
   */
  public void refused(HttpServletRequest request, int status, String reason, Caller caller, String actor) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("method", request.getMethod());
    details.put("path", request.getRequestURI());
    details.put("status", status);
    details.put("reason", reason);
    UUID tenant = caller == null ? null : caller.keyTenantId();
    String who = caller != null ? caller.actor() : actor != null ? actor : "anonymous";
    try {
      trail.write(new AuditTrail.Entry(tenant, who, status == 401 ? "authenticate" : "authorize", null, null,
          "DENIED", RequestIds.of(request), details));
    } catch (RuntimeException e) {
      // The refusal stands either way; a lost row must be loud in the logs.
      log.error("could not audit the refusal of {} {}", request.getMethod(), request.getRequestURI(), e);
    }
  }
}
