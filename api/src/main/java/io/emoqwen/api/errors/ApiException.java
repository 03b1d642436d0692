package io.emoqwen.api.errors;

import java.time.Duration;
import org.springframework.http.HttpStatus;

/** A refusal the gateway means to give, with the status it maps to; {@link ProblemHandler} renders it. */
public class ApiException extends RuntimeException {

  private final HttpStatus status;

  public ApiException(HttpStatus status, String detail) {
    super(detail);
    this.status = status;
  }

  public HttpStatus status() {
    return status;
  }

  /** Missing, or another tenant's: the two must look the same so existence does not leak. */
  public static ApiException notFound(String what) {
    return new ApiException(HttpStatus.NOT_FOUND, what + " not found");
  }

  public static ApiException forbidden(String detail) {
    return new ApiException(HttpStatus.FORBIDDEN, detail);
  }

  public static ApiException conflict(String detail) {
    return new ApiException(HttpStatus.CONFLICT, detail);
  }

  public static ApiException badRequest(String detail) {
    return new ApiException(HttpStatus.BAD_REQUEST, detail);
  }

  /** Too many requests; the client may try again after {@code retryAfter}. */
  public static final class TooManyRequests extends ApiException {
    private final Duration retryAfter;

    public TooManyRequests(String detail, Duration retryAfter) {
      super(HttpStatus.TOO_MANY_REQUESTS, detail);
      this.retryAfter = retryAfter;
    }

    public long retryAfterSeconds() {
      return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
  }
}
