package io.emoqwen.model.input;

/**
 * One image or video, ready for the vision encoder: the flattened patch rows the processor produced and the
 * grid they form. The processor writes it, the model reads it; nothing else crosses between them.
 *
 * @param patches row-major {@code rows x 1176} values (3 channels x 2 frames x 14 x 14), already normalised;
 *     rows in Qwen2-VL's processor order (t, h/2, w/2, 2, 2): the four patches of one 2x2 merge unit are
 *     consecutive, as the vision encoder's windows, rotary positions and the compressor's merge assume
 * @param gridT temporal patches (frames / 2)
 * @param gridH patch rows per frame (height / 14)
 * @param gridW patch columns per frame (width / 14)
 * @param video whether this is a video (an image is one frame duplicated to a temporal patch of two)
 * @param secondsPerGridT seconds covered by one temporal patch; scales the M-RoPE temporal index of video
 */
public record VisualInput(
    float[] patches, int gridT, int gridH, int gridW, boolean video, double secondsPerGridT) {

  public static final int PATCH_ROW_WIDTH = 3 * 2 * 14 * 14;

  public VisualInput {
    if (gridT <= 0 || gridH <= 0 || gridW <= 0) {
      throw new IllegalArgumentException("grid must be positive, got " + gridT + "x" + gridH + "x" + gridW);
    }
    if (gridH % 2 != 0 || gridW % 2 != 0) {
      throw new IllegalArgumentException("grid height and width must be even for the 2x2 merge");
    }
    long expected = (long) gridT * gridH * gridW * PATCH_ROW_WIDTH;
    if (patches.length != expected) {
      throw new IllegalArgumentException(
          "patches hold " + patches.length + " values, the grid needs " + expected);
    }
  }

  /** Patch rows the vision encoder sees. */
  public int patchCount() {
    return gridT * gridH * gridW;
  }

  /** Visual tokens the compressor emits (2x2 merge), i.e. how many placeholder tokens this input takes. */
  public int tokenCount() {
    return patchCount() / 4;
  }
}
