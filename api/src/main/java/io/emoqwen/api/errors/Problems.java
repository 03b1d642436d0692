package io.emoqwen.api.errors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.api.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

/** Builds RFC 9457 problems the same way for the MVC handler and for filters that answer before MVC. */
public final class Problems {

  public static final String TYPE_BASE = "https://emoqwen.io/problems/";

  private static final ObjectMapper JSON =
      new ObjectMapper().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class);

  private Problems() {}

  public static ProblemDetail of(HttpStatus status, String detail, HttpServletRequest request) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPE_BASE + slug(status)));
    problem.setTitle(status.getReasonPhrase());
    if (request != null) {
      problem.setInstance(URI.create(safePath(request)));
      Object requestId = request.getAttribute(RequestIds.ATTRIBUTE);
      if (requestId != null) {
        problem.setProperty("requestId", requestId);
      }
    }
    return problem;
  }

  /** For filters: writes the problem as the whole response. */
  public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
      throws IOException {
    ProblemDetail problem = of(status, detail, request);
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    JSON.writeValue(response.getOutputStream(), problem);
  }

  private static String slug(HttpStatus status) {
    return status.getReasonPhrase().toLowerCase().replaceAll("[^a-z0-9]+", "-");
  }

  private static String safePath(HttpServletRequest request) {
    try {
      return URI.create(request.getRequestURI()).getRawPath();
    } catch (IllegalArgumentException e) {
      return "/";
    }
  }
}
