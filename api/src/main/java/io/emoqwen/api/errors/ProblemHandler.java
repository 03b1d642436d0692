package io.emoqwen.api.errors;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.emoqwen.core.jobs.JobExceptions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where exceptions become RFC 9457 problems: Spring MVC's own (bad JSON, wrong types, unknown
 * paths) through the base class, the gateway's {@link ApiException}, and core's job exceptions.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<Object> api(ApiException e, NativeWebRequest request) {
    HttpHeaders headers = new HttpHeaders();
    if (e instanceof ApiException.TooManyRequests tooMany) {
      headers.set(HttpHeaders.RETRY_AFTER, Long.toString(tooMany.retryAfterSeconds()));
    }
    return problem(e.status(), e.getMessage(), headers, request);
  }

  @ExceptionHandler(JobExceptions.JobNotFound.class)
  ResponseEntity<Object> jobNotFound(RuntimeException e, NativeWebRequest request) {
    return problem(HttpStatus.NOT_FOUND, "job not found", new HttpHeaders(), request);
  }

  @ExceptionHandler({JobExceptions.IllegalJobTransition.class, JobExceptions.IdempotencyConflict.class})
  ResponseEntity<Object> illegalTransition(RuntimeException e, NativeWebRequest request) {
    return problem(HttpStatus.CONFLICT, e.getMessage(), new HttpHeaders(), request);
  }

  @ExceptionHandler({JobExceptions.InvalidDependency.class, IllegalArgumentException.class})
  ResponseEntity<Object> badArgument(RuntimeException e, NativeWebRequest request) {
    return problem(HttpStatus.BAD_REQUEST, e.getMessage(), new HttpHeaders(), request);
  }

  @ExceptionHandler(ConstraintViolationException.class)
  ResponseEntity<Object> constraint(ConstraintViolationException e, NativeWebRequest request) {
    List<Map<String, String>> errors = e.getConstraintViolations().stream()
        .map(v -> fieldError(leaf(v.getPropertyPath().toString()), v.getMessage()))
        .toList();
    return problemWithErrors("request is invalid", errors, request);
  }

  @ExceptionHandler(DataIntegrityViolationException.class)
  ResponseEntity<Object> integrity(DataIntegrityViolationException e, NativeWebRequest request) {
    // A unique or check constraint refused the write: the state the caller asked for clashes with what exists.
    log.debug("integrity violation", e);
    return problem(HttpStatus.CONFLICT, "conflicts with an existing resource", new HttpHeaders(), request);
  }

  @ExceptionHandler(AccessDeniedException.class)
  ResponseEntity<Object> denied(AccessDeniedException e, NativeWebRequest request) {
    return problem(HttpStatus.FORBIDDEN, "not allowed", new HttpHeaders(), request);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception e, NativeWebRequest request) {
    log.error("unexpected error", e);
    return problem(HttpStatus.INTERNAL_SERVER_ERROR, "unexpected error", new HttpHeaders(), request);
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
        .map(f -> fieldError(f.getField(), f.getDefaultMessage()))
        .collect(Collectors.toList());
    e.getBindingResult().getGlobalErrors().forEach(g -> errors.add(fieldError(g.getObjectName(), g.getDefaultMessage())));
    return problemWithErrors("request body is invalid", errors, request);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<Map<String, String>> errors = e.getParameterValidationResults().stream()
        .flatMap(r -> r.getResolvableErrors().stream()
            .map(err -> fieldError(r.getMethodParameter().getParameterName(), err.getDefaultMessage())))
        .toList();
    return problemWithErrors("request is invalid", errors, request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    Throwable cause = e.getMostSpecificCause();
    if (e.getCause() instanceof UnrecognizedPropertyException unknown) {
      return problemWithErrors("request body is invalid",
          List.of(fieldError(path(unknown), "is not a known field")), request);
    }
    if (e.getCause() instanceof InvalidFormatException || e.getCause() instanceof MismatchedInputException) {
      JsonMappingException mapping = (JsonMappingException) e.getCause();
      String field = path(mapping);
      if (!field.isEmpty()) {
        return problemWithErrors("request body is invalid", List.of(fieldError(field, "has the wrong type or format")),
            request);
      }
    }
    // a value's own creator refused it (an enum's wire name): its reason says what is allowed
    if (e.getCause() instanceof ValueInstantiationException refused
        && refused.getCause() instanceof IllegalArgumentException reason) {
      String field = path(refused);
      if (!field.isEmpty()) {
        return problemWithErrors("request body is invalid",
            List.of(fieldError(field, "is not allowed: " + reason.getMessage())), request);
      }
    }
    if (cause instanceof BodyTooLargeException tooLarge) {
      return problem(HttpStatus.PAYLOAD_TOO_LARGE, tooLarge.getMessage(), new HttpHeaders(), request);
    }
    return problem(HttpStatus.BAD_REQUEST, "request body is not readable JSON (or not valid UTF-8)", new HttpHeaders(),
        request);
  }

  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ProblemDetail problem = body instanceof ProblemDetail given ? given : null;
    HttpStatus resolved = HttpStatus.valueOf(status.value());
    String detail = problem != null && problem.getDetail() != null ? problem.getDetail() : resolved.getReasonPhrase();
    return problem(resolved, detail, headers == null ? new HttpHeaders() : headers, request);
  }

  private ResponseEntity<Object> problemWithErrors(String detail, List<Map<String, String>> errors, WebRequest request) {
    ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, detail, servletRequest(request));
    problem.setProperty("errors", errors);
    return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }

  private ResponseEntity<Object> problem(HttpStatus status, String detail, HttpHeaders headers, WebRequest request) {
    ProblemDetail problem = Problems.of(status, detail, servletRequest(request));
    HttpHeaders copy = new HttpHeaders();
    copy.putAll(headers);
    copy.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    return ResponseEntity.status(status).headers(copy).body(problem);
  }

  private static Map<String, String> fieldError(String field, String message) {
    return Map.of("field", field == null ? "" : field, "message", message == null ? "is invalid" : message);
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  private static String leaf(String propertyPath) {
    int dot = propertyPath.lastIndexOf('.');
    return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
  }

  private static HttpServletRequest servletRequest(WebRequest request) {
    return request instanceof ServletWebRequest servlet ? servlet.getRequest() : null;
  }
}
