package io.emoqwen.api.security;

import io.emoqwen.api.errors.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/** 401 and 403 from the security filters as problem+json, like every other error. */
final class ProblemResponses {

  private ProblemResponses() {}

  static AuthenticationEntryPoint unauthorized() {
    return (request, response, e) -> {
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
      Problems.write(request, response, HttpStatus.UNAUTHORIZED, "authentication required");
    };
  }

  static AccessDeniedHandler forbidden() {
    return (request, response, e) -> Problems.write(request, response, HttpStatus.FORBIDDEN,
        e instanceof CsrfException ? "missing or wrong CSRF token (send the XSRF-TOKEN cookie value as X-XSRF-TOKEN)"
            : "not allowed");
  }
}
