package io.emoqwen.model.processor;

/**
 * A sample or request the model cannot take as it is (too many tokens, an extreme aspect ratio, a video too
 * short to sample): refused whole with a message that says what to change, never silently cut down.
 */
public class SampleRejectedException extends RuntimeException {

  public SampleRejectedException(String message) {
    super(message);
  }
}
