package io.emoqwen.model.train;

/** A training sample over the token budget: refused, because truncating would cut visual tokens away. */
public class SequenceTooLongException extends IllegalArgumentException {

  public SequenceTooLongException(int index, int tokens, int budget) {
    super("sample " + index + " holds " + tokens + " tokens, over the budget of " + budget
        + "; it is refused rather than truncated");
  }
}
