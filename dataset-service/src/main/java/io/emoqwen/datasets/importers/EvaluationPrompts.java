package io.emoqwen.datasets.importers;

import java.util.List;

/** The prompts of MODEL.md section 4, with which label files become conversations. */
final class EvaluationPrompts {

  static final String DEFAULT = "Analyze the following video, combined with subtitles and visual clues, "
      + "determine the emotional categories of the characters.";

  private EvaluationPrompts() {}

  /** DFEW / MER2024: answer with one word from the label list. */
  static String oneWord(List<String> labels) {
    return "<video>\n" + DEFAULT + " Answer with one word from: " + String.join(", ", labels) + ".";
  }

  /** EMER: reasoning that begins "In the video...", with the subtitle injected. */
  static String withSubtitle(String subtitle) {
    return "<video>\nThe subtitle of this video is: " + subtitle + "\n" + DEFAULT
        + " Explain your reasoning, beginning with \"In the video\".";
  }
}
