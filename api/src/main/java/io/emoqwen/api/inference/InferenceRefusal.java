package io.emoqwen.api.inference;

import io.emoqwen.api.errors.ApiException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An inference request refused: bad input (with the fields at fault), overload (429) or no replica (503), the
 * last two with Retry-After. {@link InferenceProblems} renders it, in one place.
 */
class InferenceRefusal extends ApiException {

  private final List<Map<String, String>> errors;
  private final Duration retryAfter;

  InferenceRefusal(HttpStatus status, String detail, List<Map<String, String>> errors, Duration retryAfter) {
    super(status, detail);
    this.errors = List.copyOf(errors);
    this.retryAfter = retryAfter;
  }

  static InferenceRefusal field(String field, String message) {
    return new InferenceRefusal(HttpStatus.BAD_REQUEST, field + " " + message,
        List.of(Map.of("field", field, "message", message)), null);
  }

  static InferenceRefusal noReplica(Duration retryAfter) {
    return new InferenceRefusal(HttpStatus.SERVICE_UNAVAILABLE, "no replica of the deployment is available",
        List.of(), retryAfter);
  }

  List<Map<String, String>> errors() {
    return errors;
  }

  Duration retryAfter() {
    return retryAfter;
  }
}
