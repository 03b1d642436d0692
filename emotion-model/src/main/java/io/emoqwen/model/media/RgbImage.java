package io.emoqwen.model.media;

/**
 * One decoded picture: 8-bit RGB, interleaved, row-major, no padding.
 *
 * @param width pixels per row
 * @param height rows
 * @param rgb {@code height * width * 3} bytes (read them with {@code & 0xff})
 */
public record RgbImage(int width, int height, byte[] rgb) {

  public RgbImage {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
    }
    if (rgb.length != width * height * 3) {
      throw new IllegalArgumentException(
          "an RGB image of " + width + "x" + height + " needs " + width * height * 3 + " bytes, got " + rgb.length);
    }
  }

  /** Channel {@code c} (0 = R, 1 = G, 2 = B) of pixel ({@code x}, {@code y}), 0..255. */
  public int value(int x, int y, int c) {
    return rgb[(y * width + x) * 3 + c] & 0xff;
  }
}
