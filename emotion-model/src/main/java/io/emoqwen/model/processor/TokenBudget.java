package io.emoqwen.model.processor;

/**
 * Tokens one sequence takes, split into text (chat format included) and visual placeholder tokens.
 *
 * @param textTokens tokens of the rendered conversation outside the visual pads
 * @param visualTokens pad tokens, one per merged 2x2 patch group of every image and video
 */
public record TokenBudget(int textTokens, int visualTokens) {

  public int total() {
    return textTokens + visualTokens;
  }

  /** Refuses (never truncates) a sequence longer than {@code maxLength}, saying where the tokens went. */
  public void requireWithin(int maxLength, String what) {
    if (total() > maxLength) {
      throw new SampleRejectedException(
          what + " needs " + total() + " tokens (" + textTokens + " text + " + visualTokens
              + " visual), above model_max_length " + maxLength
              + "; it is refused rather than truncated: lower fps or max_pixels, or shorten the text");
    }
  }
}
