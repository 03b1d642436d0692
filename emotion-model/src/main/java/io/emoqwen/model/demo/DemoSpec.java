package io.emoqwen.model.demo;

/**
 * How much demo data to draw, and how.
 *
 * @param seed everything drawn derives from it: the same spec gives the same files
 * @param counts records per split, in {@link DemoSplit} order
 * @param size picture and frame side in pixels (112 = the small processor's minimum, no resize needed)
 * @param framesPerClip frames of each VER clip
 * @param fps frame rate of each VER clip
 */
public record DemoSpec(long seed, int[] counts, int size, int framesPerClip, double fps) {

  public DemoSpec {
    if (counts.length != DemoSplit.values().length) {
      throw new IllegalArgumentException("one count per split: " + java.util.Arrays.toString(DemoSplit.values()));
    }
    if (size < 56 || size % 2 != 0 || framesPerClip < 2 || fps <= 0) {
      throw new IllegalArgumentException("size must be even and >= 56, clips need 2+ frames and a positive fps");
    }
    counts = counts.clone();
  }

  /**
   * The demo the platform seeds: sized so emotion-qwen-small learns it on two CPU cores in minutes (every
   * emotion equally often in every split).
   */
  public static DemoSpec standard(long seed) {
    return new DemoSpec(seed, new int[] {140, 1400, 140, 280, 70}, 112, 16, 8.0);
  }

  /** A handful of each, for tests. */
  public static DemoSpec tiny(long seed) {
    return new DemoSpec(seed, new int[] {7, 7, 7, 14, 7}, 112, 8, 8.0);
  }

  public DemoSpec withCounts(int... newCounts) {
    return new DemoSpec(seed, newCounts, size, framesPerClip, fps);
  }

  public int count(DemoSplit split) {
    return counts[split.ordinal()];
  }
}
