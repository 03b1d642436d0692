package io.emoqwen.inference.evaluation;

import java.util.List;
import java.util.OptionalDouble;

/**
 * EMER figures: per clip a clue-overlap and a label-overlap score (1-10) from the judge, averaged over the clips
 * where the judge answered with a number (a clip it did not score is counted, never guessed).
 */
public record EmerScores(int samples, double clueOverlap, double labelOverlap, int judgedClue, int judgedLabel,
    String judgeModel) {

  /** One clip as judged; a score is empty when the judge's answer held no number in 1..10. */
  public record Judged(OptionalDouble clue, OptionalDouble label) {}

  public static EmerScores of(List<Judged> clips, String judgeModel) {
    double[] clue = clips.stream().map(Judged::clue).filter(OptionalDouble::isPresent)
        .mapToDouble(OptionalDouble::getAsDouble).toArray();
    double[] label = clips.stream().map(Judged::label).filter(OptionalDouble::isPresent)
        .mapToDouble(OptionalDouble::getAsDouble).toArray();
    return new EmerScores(clips.size(), mean(clue), mean(label), clue.length, label.length, judgeModel);
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return values.length == 0 ? 0 : sum / values.length;
  }
}
