package io.emoqwen.model.demo;

import io.emoqwen.model.media.RgbImage;
import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.SplittableRandom;

/**
 * Draws a cartoon face whose mouth, brows and eyes show one emotion. Features scale with the face, so the
 * expression reads the same at every size; {@code intensity} (0..1) blends from a neutral face to the full
 * expression, which is how a clip's expression develops over time.
 *
 * <p>The features are drawn bold (strokes 0.16 of the radius, a mouth 1.4 radii wide, deep curves, steep brows)
 * because the demo model starts from random weights and has minutes on a CPU: with strokes of 0.09 and a mouth
 * of one radius, stage 2 reached 0.29-0.31 on held-out pictures after 300-800 steps, and often predicted one
 * label for every picture; drawn bold, 0.64 after 400 steps (colours, sizes, positions and noise still vary).
 */
public final class FacePainter {

  private FacePainter() {}

  /** One frame: the face at its position after {@code frame} drift steps, with fresh noise. */
  public static RgbImage paint(FaceLook look, DemoEmotion emotion, int frame, double intensity, SplittableRandom noise) {
    BufferedImage image = new BufferedImage(look.size(), look.size(), BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(look.background());
      g.fillRect(0, 0, look.size(), look.size());
      double cx = look.x() + look.dx() * frame;
      double cy = look.y() + look.dy() * frame;
      double r = look.radius();
      g.setColor(look.skin());
      g.fill(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r));
      g.setColor(look.feature());
      g.setStroke(new BasicStroke((float) Math.max(3, r * 0.16), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      drawFeatures(g, emotion, cx, cy, r, Math.max(0, Math.min(1, intensity)));
    } finally {
      g.dispose();
    }
    return withNoise(image, look.noise(), noise);
  }

  private static void drawFeatures(Graphics2D g, DemoEmotion e, double cx, double cy, double r, double k) {
    double eyeY = cy - 0.25 * r;
    double eyeDx = 0.38 * r;
    double eyeR = 0.10 * r * (1 + k * (e == DemoEmotion.SURPRISE || e == DemoEmotion.FEAR ? 0.9 : 0));
    for (int side = -1; side <= 1; side += 2) {
      double ex = cx + side * eyeDx;
      g.fill(new Ellipse2D.Double(ex - eyeR, eyeY - eyeR, 2 * eyeR, 2 * eyeR));
      // a brow: its inner end (towards the nose) and outer end heights set the look
      double[] brow = browOffsets(e, k);
      double inner = eyeY - 0.28 * r - brow[0] * r;
      double outer = eyeY - 0.28 * r - brow[1] * r;
      if (e == DemoEmotion.DISGUST && side > 0) {
        inner += 0.12 * r * k;
        outer += 0.12 * r * k;
      }
      g.draw(new Line2D.Double(cx + side * 0.15 * r, inner, cx + side * 0.6 * r, outer));
    }
    double mouthY = cy + 0.45 * r;
    double w = 0.7 * r;
    switch (e) {
      case HAPPY -> curve(g, cx, mouthY - 0.15 * r, w, 0.5 * r * k);
      case SAD -> curve(g, cx, mouthY + 0.1 * r, w * 0.8, -0.45 * r * k);
      case NEUTRAL -> curve(g, cx, mouthY, w * 0.8, 0);
      case ANGRY -> curve(g, cx, mouthY, w * (0.8 - 0.3 * k), -0.05 * r * k);
      case SURPRISE -> {
        double mr = 0.08 * r + 0.17 * r * k;
        g.fill(new Ellipse2D.Double(cx - mr * 0.8, mouthY - mr, 1.6 * mr, 2 * mr));
      }
      case DISGUST -> {
        Path2D lip = new Path2D.Double();
        lip.moveTo(cx - w * 0.8, mouthY + 0.05 * r);
        lip.curveTo(cx - w * 0.2, mouthY + 0.12 * r * k, cx + w * 0.2, mouthY - 0.05 * r * k, cx + w * 0.8, mouthY - 0.25 * r * k);
        g.draw(lip);
        g.draw(new Line2D.Double(cx - 0.12 * r, cy + 0.08 * r, cx + 0.12 * r, cy + 0.02 * r - 0.08 * r * k));
      }
      case FEAR -> {
        double h = 0.05 * r + 0.22 * r * k;
        Rectangle2D mouth = new Rectangle2D.Double(cx - w, mouthY - h / 2, 2 * w, h);
        g.fill(mouth);
        if (k > 0.3) {
          g.setColor(java.awt.Color.WHITE);
          g.fill(new Rectangle2D.Double(cx - w * 0.85, mouthY - h / 2 + 1, 1.7 * w, h * 0.3));
        }
      }
    }
  }

  /** Inner and outer brow lift (fractions of the radius) for an emotion at intensity k. */
  private static double[] browOffsets(DemoEmotion e, double k) {
    return switch (e) {
      case SAD -> new double[] {0.25 * k, -0.08 * k};
      case ANGRY -> new double[] {-0.25 * k, 0.15 * k};
      case SURPRISE -> new double[] {0.2 * k, 0.2 * k};
      case FEAR -> new double[] {0.22 * k, 0.05 * k};
      default -> new double[] {0, 0};
    };
  }

  /** A mouth line bent by {@code depth} (positive: the middle sinks, a smile). */
  private static void curve(Graphics2D g, double cx, double y, double halfWidth, double depth) {
    if (Math.abs(depth) < 0.5) {
      g.draw(new Line2D.Double(cx - halfWidth, y, cx + halfWidth, y));
      return;
    }
    double top = depth > 0 ? y - depth : y + depth;
    g.draw(new Arc2D.Double(cx - halfWidth, top, 2 * halfWidth, 2 * Math.abs(depth), depth > 0 ? 180 : 0, 180, Arc2D.OPEN));
  }

  private static RgbImage withNoise(BufferedImage image, double sigma, SplittableRandom random) {
    byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    byte[] rgb = new byte[bgr.length];
    for (int i = 0; i < bgr.length; i += 3) {
      for (int c = 0; c < 3; c++) {
        double v = (bgr[i + 2 - c] & 0xff) + sigma * gaussian(random);
        rgb[i + c] = (byte) Math.max(0, Math.min(255, Math.round(v)));
      }
    }
    return new RgbImage(image.getWidth(), image.getHeight(), rgb);
  }

  private static double gaussian(SplittableRandom random) {
    double u = Math.max(1e-12, random.nextDouble());
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
