package io.emoqwen.api.security;

import io.emoqwen.api.audit.RefusalAudit;
import io.emoqwen.api.errors.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/** 401 and 403 from the security filters as problem+json, like every other error, audited before answering. */
final class ProblemResponses {

  private ProblemResponses() {}

  static AuthenticationEntryPoint unauthorized(RefusalAudit audit) {
    return (request, response, e) -> {
      audit.refused(request, 401, "authentication required", null, null);
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
      Problems.write(request, response, HttpStatus.UNAUTHORIZED, "authentication required");
    };
  }

  static AccessDeniedHandler forbidden(RefusalAudit audit) {
    return (request, response, e) -> {
      String detail = e instanceof CsrfException
          ? "missing or wrong CSRF token (send the XSRF-TOKEN cookie value as X-XSRF-TOKEN)"
          : "not allowed";
      audit.refused(request, 403, detail, CurrentCaller.find().orElse(null), null);
      Problems.write(request, response, HttpStatus.FORBIDDEN, detail);
    };
  }
}
