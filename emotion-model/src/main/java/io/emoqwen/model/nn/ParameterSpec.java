package io.emoqwen.model.nn;

import java.util.Arrays;

/** One named tensor of the model: its shape and how a fresh model initialises it. */
public record ParameterSpec(String name, long[] shape, Init init) {

  /** Initial values of a model that is not loaded from a checkpoint. */
  public enum Init {
    NORMAL,
    ZERO,
    ONE
  }

  public long size() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  public ParameterGroup group() {
    return ParameterGroup.of(name);
  }

  public String shapeText() {
    return Arrays.toString(shape);
  }
}
