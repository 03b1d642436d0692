package io.emoqwen.model.checkpoint;

import java.util.List;

/** A checkpoint that does not fit its configuration; lists every offending tensor, not just the first. */
public class CheckpointMismatchException extends RuntimeException {

  private final List<String> problems;

  public CheckpointMismatchException(String checkpoint, List<String> problems) {
    super(checkpoint + " does not match its configuration (" + problems.size() + " tensors):\n  "
        + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
