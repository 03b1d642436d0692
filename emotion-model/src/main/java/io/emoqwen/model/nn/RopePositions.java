package io.emoqwen.model.nn;

import io.emoqwen.model.config.ModelConfig;
import io.emoqwen.model.input.ModelInput;
import io.emoqwen.model.input.VisualInput;
import java.util.List;

/**
 * M-RoPE position ids of one sequence, as Qwen2.5-VL's get_rope_index: text tokens carry one id on all three
 * axes; a visual block carries its (t, h, w) merge-grid index offset by the text position before it, video
 * time scaled by seconds-per-grid-t x tokens-per-second; text after the block resumes at max + 1.
 *
 * @param ids (3, n): temporal, height, width position of every token
 * @param next the position the next token continues from
 */
public record RopePositions(long[][] ids, long next) {

  public static RopePositions of(ModelInput input, ModelConfig config) {
    int[] tokens = input.inputIds();
    List<VisualInput> visuals = input.visuals();
    int merge = config.vision().spatialMergeSize();
    long[][] pos = new long[3][tokens.length];
    long next = 0;
    int visual = 0;
    int i = 0;
    while (i < tokens.length) {
      if (!config.tokens().isVisualPlaceholder(tokens[i])) {
        pos[0][i] = pos[1][i] = pos[2][i] = next++;
        i++;
        continue;
      }
      if (visual >= visuals.size()) {
        throw new IllegalArgumentException("placeholder at " + i + " has no visual input left to fill it");
      }
      VisualInput v = visuals.get(visual++);
      int gh = v.gridH() / merge;
      int gw = v.gridW() / merge;
      int count = v.gridT() * gh * gw;
      if (i + count > tokens.length) {
        throw new IllegalArgumentException("visual input " + (visual - 1) + " needs " + count + " placeholders");
      }
      // float32 arithmetic, as torch computes the scaled temporal index before truncating it
      float secondsPerT = v.video() ? (float) v.secondsPerGridT() : 0f;
      float perSecond = (float) config.vision().tokensPerSecond();
      long max = next;
      int k = i;
      for (int t = 0; t < v.gridT(); t++) {
        long time = (long) ((float) t * secondsPerT * perSecond);
        for (int y = 0; y < gh; y++) {
          for (int x = 0; x < gw; x++) {
            if (!config.tokens().isVisualPlaceholder(tokens[k])) {
              throw new IllegalArgumentException(
                  "visual input " + (visual - 1) + " needs " + count + " consecutive placeholders, token " + k
                      + " is not one");
            }
            pos[0][k] = next + time;
            pos[1][k] = next + y;
            pos[2][k] = next + x;
            max = Math.max(max, Math.max(pos[0][k], Math.max(pos[1][k], pos[2][k])));
            k++;
          }
        }
      }
      i = k;
      next = max + 1;
    }
    if (visual != visuals.size()) {
      throw new IllegalArgumentException(
          visuals.size() + " visual inputs but placeholders for only " + visual);
    }
    return new RopePositions(pos, next);
  }

  /** Positions of n plain text tokens continuing from {@code start}. */
  public static RopePositions text(long start, int n) {
    long[][] pos = new long[3][n];
    for (int i = 0; i < n; i++) {
      pos[0][i] = pos[1][i] = pos[2][i] = start + i;
    }
    return new RopePositions(pos, start + n);
  }

  public int length() {
    return ids[0].length;
  }
}
