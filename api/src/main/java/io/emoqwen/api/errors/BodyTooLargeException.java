package io.emoqwen.api.errors;

import java.io.IOException;

/** Raised while reading a request body past the configured limit; rendered as 413. */
public class BodyTooLargeException extends IOException {
  public BodyTooLargeException(long limit) {
    super("request body is larger than " + limit + " bytes");
  }
}
