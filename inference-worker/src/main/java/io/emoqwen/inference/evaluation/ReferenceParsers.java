package io.emoqwen.inference.evaluation;

import java.util.List;
import java.util.Locale;

/**
 * How the published Emotion-Qwen evaluation scripts turn a generated answer into a label, reproduced so the
 * platform can report figures comparable with the paper's (MODEL.md section 5). Matching is a lower-case
 * substring search, as in the scripts: "unhappy" contains "happy".
 */
public final class ReferenceParsers {

  /** DFEW's extra class for an answer that does not name the truth. */
  public static final String NONE = "none";
  /** MER2024's fallback when the answer names none of its labels. */
  public static final String MER_FALLBACK = "worried";

  private ReferenceParsers() {}

  /**
   * DFEW reference: the truth when its word appears anywhere in the answer (so "happy or sad" is right for both),
   * otherwise {@link #NONE}: the script never asks which wrong label the answer named.
   */
  public static String dfew(String answer, String truth) {
    String text = answer == null ? "" : answer.toLowerCase(Locale.ROOT);
    return text.contains(truth.toLowerCase(Locale.ROOT)) ? truth : NONE;
  }

  /** MER2024 reference: of the labels the answer names, the alphabetically last; "worried" when it names none. */
  public static String mer2024(String answer, List<String> labels) {
    String text = answer == null ? "" : answer.toLowerCase(Locale.ROOT);
    return labels.stream().filter(l -> text.contains(l.toLowerCase(Locale.ROOT))).max(String::compareTo)
        .orElse(MER_FALLBACK);
  }
}
