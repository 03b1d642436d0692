package io.emoqwen.model.demo;

import java.awt.Color;
import java.util.SplittableRandom;

/**
 * How one drawn face looks apart from its expression: colours, size, where it starts and how it drifts, and
 * how much pixel noise covers it. Drawn at random so no single pixel statistic gives the emotion away.
 *
 * @param size picture width and height in pixels
 * @param radius face radius in pixels
 * @param x centre at the first frame
 * @param y centre at the first frame
 * @param dx drift per frame in pixels
 * @param dy drift per frame in pixels
 * @param noise standard deviation of the per-pixel noise, 0..255 scale
 */
public record FaceLook(
    int size, Color skin, Color background, Color feature, double radius, double x, double y, double dx, double dy,
    double noise) {

  private static final String[] COLOUR_NAMES = {"yellow", "orange", "pink", "green", "blue", "purple", "white", "grey"};
  private static final Color[] COLOURS = {
    new Color(240, 210, 60), new Color(240, 140, 50), new Color(240, 160, 190), new Color(90, 190, 100),
    new Color(80, 130, 230), new Color(150, 90, 200), new Color(235, 235, 235), new Color(140, 140, 140)
  };

  /**
   * A random look inside a {@code size}-pixel square. The face is aligned the way face datasets crop theirs (DFEW's
   * clips are face-aligned crops): near the centre, filling most of the picture, drifting a few pixels over a clip.
   * Colours, the exact size and place, the drift and the noise stay random, so no single pixel statistic gives the
   * emotion away, while the features land in about the same patches of every picture.
   */
  public static FaceLook random(int size, int frames, SplittableRandom random) {
    int skin = random.nextInt(COLOURS.length);
    int background = (skin + 1 + random.nextInt(COLOURS.length - 1)) % COLOURS.length;
    double radius = size * (0.38 + 0.07 * random.nextDouble());
    double jitter = Math.max(0, Math.min(size * 0.06, size / 2.0 - radius - 2));
    double x = size / 2.0 + jitter * (2 * random.nextDouble() - 1);
    double y = size / 2.0 + jitter * (2 * random.nextDouble() - 1);
    double endX = size / 2.0 + jitter * (2 * random.nextDouble() - 1);
    double endY = size / 2.0 + jitter * (2 * random.nextDouble() - 1);
    int steps = Math.max(1, frames - 1);
    Color feature = random.nextBoolean() ? new Color(30, 30, 30) : new Color(90, 20, 20);
    return new FaceLook(size, COLOURS[skin], COLOURS[background], feature, radius, x, y, (endX - x) / steps,
        (endY - y) / steps, 4 + 10 * random.nextDouble());
  }

  public String skinName() {
    return nameOf(skin);
  }

  public String backgroundName() {
    return nameOf(background);
  }

  /** Where the face sits at the first frame, in words ("in the centre", "a little to the upper left", ...). */
  public String placeName() {
    double off = size * 0.02;
    String v = y < size / 2.0 - off ? "upper" : y > size / 2.0 + off ? "lower" : "";
    String h = x < size / 2.0 - off ? "left" : x > size / 2.0 + off ? "right" : "";
    if (v.isEmpty() && h.isEmpty()) {
      return "in the centre";
    }
    return "a little to the " + (v.isEmpty() ? h : h.isEmpty() ? v + " side" : v + " " + h);
  }

  public String sizeName() {
    return radius < size * 0.40 ? "small" : radius < size * 0.43 ? "medium" : "large";
  }

  private static String nameOf(Color colour) {
    for (int i = 0; i < COLOURS.length; i++) {
      if (COLOURS[i].equals(colour)) {
        return COLOUR_NAMES[i];
      }
    }
    return "coloured";
  }
}
