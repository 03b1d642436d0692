package io.emoqwen.api.inference;

import io.emoqwen.api.errors.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The one place inference refusals become problems: field errors, and Retry-After on 429/503. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class InferenceProblems {

  @ExceptionHandler(InferenceRefusal.class)
  ResponseEntity<ProblemDetail> refused(InferenceRefusal e, HttpServletRequest request) {
    ProblemDetail problem = Problems.of(e.status(), e.getMessage(), request);
    if (!e.errors().isEmpty()) {
      problem.setProperty("errors", e.errors());
    }
    HttpHeaders headers = new HttpHeaders();
    if (e.retryAfter() != null) {
      headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
    }
    headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    return ResponseEntity.status(e.status()).headers(headers).body(problem);
  }
}
