package io.emoqwen.api.audit;

import io.emoqwen.api.security.Caller;
import io.emoqwen.api.security.CurrentCaller;
import io.emoqwen.api.web.RequestIds;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Writes an audit entry for every mutating call that reached a controller, whatever its outcome. The
 * action is the operation id of the OpenAPI document, so the log and the API use the same words. A response
 * with a body (nearly all, problems included) is audited by {@link AuditBeforeResponse} before the body is
 * written, so the row exists before the client has its answer; this interceptor covers body-less responses.
 */
@Component
public class AuditInterceptor implements HandlerInterceptor {

  private static final Logger log = LoggerFactory.getLogger(AuditInterceptor.class);
  private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

  private final AuditTrail trail;

  AuditInterceptor(AuditTrail trail) {
    this.trail = trail;
  }

  @Override
  public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
    audit(request, response.getStatus(), handler);
  }

  /** Writes the entry of this call once; later calls for the same request do nothing. */
  void audit(HttpServletRequest request, int status, Object handler) {
    if (!MUTATING.contains(request.getMethod()) || !(handler instanceof HandlerMethod method)
        || request.getAttribute(AuditTrail.WRITTEN) != null) {
      return;
    }
    request.setAttribute(AuditTrail.WRITTEN, Boolean.TRUE);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("method", request.getMethod());
    details.put("path", request.getRequestURI());
    details.put("status", status);
    String targetType = (String) request.getAttribute(AuditTrail.TARGET_TYPE);
    String targetId = (String) request.getAttribute(AuditTrail.TARGET_ID);
    if (targetId == null) {
      Map<?, ?> variables = (Map<?, ?>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
      if (variables != null && !variables.isEmpty()) {
        details.put("pathVariables", variables);
      }
    }
    try {
      trail.write(new AuditTrail.Entry(
          (UUID) request.getAttribute(AuditTrail.TENANT),
          CurrentCaller.find().map(Caller::actor).orElse("anonymous"),
          action(method),
          targetType,
          targetId,
          outcome(status),
          RequestIds.of(request),
          details));
    } catch (RuntimeException e) {
      // The call already happened; a lost audit row must be loud in the logs, not a second failure to the client.
      log.error("could not write the audit entry of {} {}", request.getMethod(), request.getRequestURI(), e);
    }
  }

  static String outcome(int status) {
    if (status < 400) {
      return "SUCCESS";
    }
    return status == 401 || status == 403 || status == 404 ? "DENIED" : "FAILED";
  }

  static String action(HandlerMethod method) {
    Operation operation = method.getMethodAnnotation(Operation.class);
    return operation != null && !operation.operationId().isEmpty() ? operation.operationId() : method.getMethod().getName();
  }
}
