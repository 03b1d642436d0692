package io.emoqwen.model.processor;

/**
 * Qwen2-VL's {@code smart_resize}: the size a picture is resized to so both sides are multiples of the patch
 * merge factor (28) and its area lies in [minPixels, maxPixels], keeping the aspect ratio as well as that allows.
 */
public final class SmartResize {

  /** Qwen refuses pictures longer than this many times their width (or the reverse). */
  public static final double MAX_ASPECT_RATIO = 200;

  /** A resized picture size. */
  public record Size(int height, int width) {
    public long area() {
      return (long) height * width;
    }
  }

  private SmartResize() {}

  public static Size resize(int height, int width, int factor, double minPixels, double maxPixels) {
    if (height <= 0 || width <= 0) {
      throw new SampleRejectedException("picture size must be positive, got " + width + "x" + height);
    }
    double ratio = (double) Math.max(height, width) / Math.min(height, width);
    if (ratio > MAX_ASPECT_RATIO) {
      throw new SampleRejectedException(
          "aspect ratio of " + width + "x" + height + " is " + String.format("%.1f", ratio)
              + ", above the limit of " + (int) MAX_ASPECT_RATIO);
    }
    int h = Math.max(factor, roundBy(height, factor));
    int w = Math.max(factor, roundBy(width, factor));
    if ((double) h * w > maxPixels) {
      double beta = Math.sqrt((double) height * width / maxPixels);
      h = Math.max(factor, floorBy(height / beta, factor));
      w = Math.max(factor, floorBy(width / beta, factor));
    } else if ((double) h * w < minPixels) {
      double beta = Math.sqrt(minPixels / ((double) height * width));
      h = ceilBy(height * beta, factor);
      w = ceilBy(width * beta, factor);
    }
    return new Size(h, w);
  }

  /** Python's round() is round-half-to-even, and so is {@link Math#rint}: 42 / 28 = 1.5 rounds to 2, 70 / 28 to 2. */
  static int roundBy(double value, int factor) {
    return (int) Math.rint(value / factor) * factor;
  }

  static int floorBy(double value, int factor) {
    return (int) Math.floor(value / factor) * factor;
  }

  static int ceilBy(double value, int factor) {
    return (int) Math.ceil(value / factor) * factor;
  }
}
