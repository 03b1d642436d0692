package io.emoqwen.inference.serving;

/**
 * The request itself is wrong (undecodable media, over the token budget, a bad field): refused before it reaches
 * the model, naming the field in the caller's own terms.
 */
public final class RequestRefused extends RuntimeException {

  private final String field;

  public RequestRefused(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
