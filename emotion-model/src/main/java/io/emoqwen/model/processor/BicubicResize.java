package io.emoqwen.model.processor;

import io.emoqwen.model.media.RgbImage;

/**
 * Antialiased bicubic resampling as Pillow does it for 8-bit RGB ({@code Image.resize(..., BICUBIC)}, which
 * torchvision's {@code antialias=True} on uint8 follows): separable, horizontal pass then vertical, the kernel
 * widened by the scale when shrinking, fixed-point weights with 22 fraction bits and a uint8 image between the
 * passes. Reproducing those details keeps our pixels within rounding of what the model was trained on.
 */
public final class BicubicResize {

  private static final int PRECISION_BITS = 32 - 8 - 2;
  private static final double SUPPORT = 2.0;
  private static final double A = -0.5;

  private BicubicResize() {}

  public static RgbImage resize(RgbImage in, int width, int height) {
    if (width == in.width() && height == in.height()) {
      return in;
    }
    RgbImage horizontal = width == in.width() ? in : horizontalPass(in, width);
    return height == in.height() ? horizontal : verticalPass(horizontal, height);
  }

  /** Weights of one axis: for each output pixel, the first input pixel it reads and fixed-point weights. */
  private record Coefficients(int[] start, int[][] weights) {}

  private static Coefficients coefficients(int inSize, int outSize) {
    double scale = (double) inSize / outSize;
    double filterScale = Math.max(scale, 1.0);
    double support = SUPPORT * filterScale;
    int[] start = new int[outSize];
    int[][] weights = new int[outSize][];
    double[] k = new double[(int) Math.ceil(support) * 2 + 1];
    for (int xx = 0; xx < outSize; xx++) {
      double center = (xx + 0.5) * scale;
      int xmin = Math.max((int) (center - support + 0.5), 0);
      int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
      double sum = 0;
      for (int x = 0; x < xmax; x++) {
        k[x] = cubic((x + xmin - center + 0.5) / filterScale);
        sum += k[x];
      }
      int[] fixed = new int[xmax];
      for (int x = 0; x < xmax; x++) {
        double w = sum == 0 ? k[x] : k[x] / sum;
        double scaled = w * (1 << PRECISION_BITS);
        fixed[x] = (int) (scaled < 0 ? scaled - 0.5 : scaled + 0.5);
      }
      start[xx] = xmin;
      weights[xx] = fixed;
    }
    return new Coefficients(start, weights);
  }

  private static double cubic(double x) {
    x = Math.abs(x);
    if (x < 1.0) {
      return ((A + 2.0) * x - (A + 3.0)) * x * x + 1;
    }
    if (x < 2.0) {
      return (((x - 5) * x + 8) * x - 4) * A;
    }
    return 0.0;
  }

  private static RgbImage horizontalPass(RgbImage in, int outWidth) {
    Coefficients c = coefficients(in.width(), outWidth);
    byte[] src = in.rgb();
    byte[] dst = new byte[outWidth * in.height() * 3];
    for (int y = 0; y < in.height(); y++) {
      int rowIn = y * in.width() * 3;
      int rowOut = y * outWidth * 3;
      for (int xx = 0; xx < outWidth; xx++) {
        int[] w = c.weights[xx];
        int base = rowIn + c.start[xx] * 3;
        for (int ch = 0; ch < 3; ch++) {
          long acc = 1L << (PRECISION_BITS - 1);
          for (int x = 0; x < w.length; x++) {
            acc += (long) (src[base + x * 3 + ch] & 0xff) * w[x];
          }
          dst[rowOut + xx * 3 + ch] = clip8(acc);
        }
      }
    }
    return new RgbImage(outWidth, in.height(), dst);
  }

  private static RgbImage verticalPass(RgbImage in, int outHeight) {
    Coefficients c = coefficients(in.height(), outHeight);
    byte[] src = in.rgb();
    int stride = in.width() * 3;
    byte[] dst = new byte[outHeight * stride];
    for (int yy = 0; yy < outHeight; yy++) {
      int[] w = c.weights[yy];
      int base = c.start[yy] * stride;
      for (int i = 0; i < stride; i++) {
        long acc = 1L << (PRECISION_BITS - 1);
        for (int y = 0; y < w.length; y++) {
          acc += (long) (src[base + y * stride + i] & 0xff) * w[y];
        }
        dst[yy * stride + i] = clip8(acc);
      }
    }
    return new RgbImage(in.width(), outHeight, dst);
  }

  private static byte clip8(long acc) {
    long v = acc >> PRECISION_BITS;
    return (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
  }
}
