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

  /** A random look inside a {@code size}-pixel square: the face always stays fully in the picture. */
  public static FaceLook random(int size, int frames, SplittableRandom random) {
    int skin = random.nextInt(COLOURS.length);
    int background = (skin + 1 + random.nextInt(COLOURS.length - 1)) % COLOURS.length;
    double radius = size * (0.28 + 0.16 * random.nextDouble());
    double margin = radius + 2;
    double travel = Math.max(0, size - 2 * margin);
    double x = margin + travel * random.nextDouble();
    double y = margin + travel * random.nextDouble();
    double endX = margin + travel * random.nextDouble();
    double endY = margin + travel * random.nextDouble();
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

  /** Where the face sits at the first frame, in words ("top left", "centre", ...). */
  public String placeName() {
    String v = y < size / 3.0 ? "top" : y > 2 * size / 3.0 ? "bottom" : "middle";
    String h = x < size / 3.0 ? "left" : x > 2 * size / 3.0 ? "right" : "centre";
    return v.equals("middle") && h.equals("centre") ? "centre" : v + " " + h;
  }

  public String sizeName() {
    return radius < size * 0.33 ? "small" : radius < size * 0.39 ? "medium" : "large";
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
