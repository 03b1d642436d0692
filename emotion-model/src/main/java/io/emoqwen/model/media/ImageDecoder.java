package io.emoqwen.model.media;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Reads still images (PNG, JPEG and whatever else ImageIO knows) as RGB. */
public final class ImageDecoder {

  /** Width and height of an image file. */
  public record ImageSize(int width, int height) {}

  private ImageDecoder() {}

  /**
   * The size from the file header only: a 20000x20000 upload is measured (and refused by the budget) without
   * allocating its pixels.
   */
  public static ImageSize probe(Path file) {
    try (ImageInputStream in = openStream(file)) {
      ImageReader reader = readerFor(file, in);
      try {
        reader.setInput(in, true, true);
        return new ImageSize(reader.getWidth(0), reader.getHeight(0));
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof MediaDecodeException m) {
        throw m;
      }
      throw new MediaDecodeException(file, "not a readable image", e);
    }
  }

  public static RgbImage read(Path file) {
    BufferedImage image;
    try (ImageInputStream in = openStream(file)) {
      ImageReader reader = readerFor(file, in);
      try {
        reader.setInput(in, true, true);
        image = reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof MediaDecodeException m) {
        throw m;
      }
      throw new MediaDecodeException(file, "not a readable image", e);
    }
    return toRgb(image);
  }

  /**
   * Converts any BufferedImage (palette, grey, alpha...) to RGB. Transparent pixels are laid over white, as the
   * Emotion-Qwen reference loader does for RGBA, so a transparent background does not turn black.
   */
  public static RgbImage toRgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] rgb = new byte[w * h * 3];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int p = row[x];
        int alpha = p >>> 24;
        int o = (y * w + x) * 3;
        rgb[o] = overWhite(p >> 16 & 0xff, alpha);
        rgb[o + 1] = overWhite(p >> 8 & 0xff, alpha);
        rgb[o + 2] = overWhite(p & 0xff, alpha);
      }
    }
    return new RgbImage(w, h, rgb);
  }

  private static byte overWhite(int value, int alpha) {
    return (byte) Math.round((value * alpha + 255 * (255 - alpha)) / 255.0);
  }

  private static ImageInputStream openStream(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new MediaDecodeException(file, "no such file");
    }
    if (Files.size(file) == 0) {
      throw new MediaDecodeException(file, "file is empty");
    }
    ImageInputStream in = ImageIO.createImageInputStream(file.toFile());
    if (in == null) {
      throw new MediaDecodeException(file, "cannot open the file for reading");
    }
    return in;
  }

  private static ImageReader readerFor(Path file, ImageInputStream in) {
    Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
    if (!readers.hasNext()) {
      throw new MediaDecodeException(file, "not an image format this platform reads (PNG, JPEG, BMP, GIF)");
    }
    return readers.next();
  }
}
