package io.emoqwen.model.input;

import java.util.List;

/**
 * One sequence for the model: token ids in which every image/video placeholder token (the config's
 * {@code image_token_id} / {@code video_token_id}) stands for one visual token, and the visual inputs that
 * fill those placeholders, in order of appearance.
 *
 * @param inputIds the full token sequence, placeholders already expanded (one per visual token)
 * @param labels same length as {@code inputIds}: the target id where the loss applies (assistant tokens),
 *     {@link #IGNORE} elsewhere; {@code null} for inference
 * @param visuals the images and videos, in the order their placeholder runs appear
 */
public record ModelInput(int[] inputIds, int[] labels, List<VisualInput> visuals) {

  /** Label of a position that takes no loss (the convention of PyTorch's cross-entropy). */
  public static final int IGNORE = -100;

  public ModelInput {
    visuals = List.copyOf(visuals);
    if (labels != null && labels.length != inputIds.length) {
      throw new IllegalArgumentException(
          "labels hold " + labels.length + " positions, input ids " + inputIds.length);
    }
  }

  public static ModelInput textOnly(int[] inputIds) {
    return new ModelInput(inputIds, null, List.of());
  }
}
