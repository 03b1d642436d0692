package io.emoqwen.model.processor;

import io.emoqwen.model.media.RgbImage;
import java.util.Arrays;

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

  private final int outWidth;
  private final int outHeight;
  /** The weights of each axis for the last input size seen (null before): a video's frames all reuse them. */
  private Coefficients horizontal;
  private Coefficients vertical;

  /**
   * A resize to one output size that keeps each axis's weights while its input size stays the same (computing
   * them costs about as much as resizing a small frame). Not for concurrent use: one per video or thread.
   */
  public BicubicResize(int outWidth, int outHeight) {
    this.outWidth = outWidth;
    this.outHeight = outHeight;
  }

  public static RgbImage resize(RgbImage in, int width, int height) {
    return new BicubicResize(width, height).apply(in);
  }

  public RgbImage apply(RgbImage in) {
    RgbImage across = in;
    if (in.width() != outWidth) {
      horizontal = reuse(horizontal, in.width(), outWidth);
      across = horizontalPass(in, horizontal);
    }
    if (across.height() == outHeight) {
      return across;
    }
    vertical = reuse(vertical, across.height(), outHeight);
    return verticalPass(across, vertical);
  }

  /** Weights of one axis: for each output pixel, the first input pixel it reads and fixed-point weights. */
  private record Coefficients(int inSize, int[] start, int[][] weights) {}

  private static Coefficients reuse(Coefficients last, int inSize, int outSize) {
    return last != null && last.inSize() == inSize ? last : coefficients(inSize, outSize);
  }

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
    return new Coefficients(inSize, start, weights);
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

  // Sums are ints, as Pillow's: 8-bit values times weights of 22 fraction bits stay below 2^31.

  /** One pass over each pixel's neighbours, the three channels of a pixel summed together. */
  private static RgbImage horizontalPass(RgbImage in, Coefficients c) {
    int outWidth = c.weights().length;
    byte[] src = in.rgb();
    byte[] dst = new byte[outWidth * in.height() * 3];
    int o = 0;
    for (int y = 0; y < in.height(); y++) {
      int rowIn = y * in.width() * 3;
      for (int xx = 0; xx < outWidth; xx++) {
        int[] w = c.weights()[xx];
        int at = rowIn + c.start()[xx] * 3;
        int r = 1 << (PRECISION_BITS - 1);
        int g = r;
        int b = r;
        for (int x = 0; x < w.length; x++, at += 3) {
          int k = w[x];
          r += (src[at] & 0xff) * k;
          g += (src[at + 1] & 0xff) * k;
          b += (src[at + 2] & 0xff) * k;
        }
        dst[o++] = clip8(r);
        dst[o++] = clip8(g);
        dst[o++] = clip8(b);
      }
    }
    return new RgbImage(outWidth, in.height(), dst);
  }

  /** Whole rows at a time: each input row read once per output row it feeds, in order (the loop vectorises). */
  private static RgbImage verticalPass(RgbImage in, Coefficients c) {
    int outHeight = c.weights().length;
    byte[] src = in.rgb();
    int stride = in.width() * 3;
    byte[] dst = new byte[outHeight * stride];
    int[] sums = new int[stride];
    for (int yy = 0; yy < outHeight; yy++) {
      Arrays.fill(sums, 1 << (PRECISION_BITS - 1));
      int[] w = c.weights()[yy];
      int row = c.start()[yy] * stride;
      for (int y = 0; y < w.length; y++, row += stride) {
        int k = w[y];
        for (int i = 0; i < stride; i++) {
          sums[i] += (src[row + i] & 0xff) * k;
        }
      }
      int out = yy * stride;
      for (int i = 0; i < stride; i++) {
        dst[out + i] = clip8(sums[i]);
      }
    }
    return new RgbImage(in.width(), outHeight, dst);
  }

  private static byte clip8(int sum) {
    int v = sum >> PRECISION_BITS;
    return (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
  }
}
