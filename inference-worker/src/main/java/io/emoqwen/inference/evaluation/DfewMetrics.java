package io.emoqwen.inference.evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * DFEW figures, twice. WAR is accuracy, UAR the mean recall per class.
 *
 * <p>The <b>clean</b> figures take the label the model scores highest among the 7 classes (one prediction per
 * clip, always one of the 7) and average recall over the true classes (those with clips: all 7 on a DFEW fold).
 *
 * <p>The <b>reference-compatible</b> figures parse the generated answer as the published script does
 * ({@link ReferenceParsers#dfew}): an answer naming several emotions counts as right if any is the truth, which
 * inflates WAR; and every other answer becomes an 8th class "none". The script averages recall over every
 * class seen among truths or predictions (scikit-learn's default), so once one answer names nothing, "none" joins
 * the average with recall 0 (no clip is "none") and UAR drops to at most 7/8 of the per-class mean. Both variants
 * score only the clips they are given: the reference script also skips clips whose video is missing. They exist
 * only to compare with published numbers; the clean ones say how good the model is.
 */
public record DfewMetrics(double war, double uar, double referenceWar, double referenceUar, ConfusionMatrix confusion,
    ConfusionMatrix referenceConfusion) {

  /** DFEW's classes in the label file's order (1..7). */
  public static final List<String> LABELS = List.of("happy", "sad", "neutral", "angry", "surprise", "disgust", "fear");

  /** One clip: its truth, the highest-scored label, and the generated answer. */
  public record Sample(String truth, String scored, String answer) {}

  public static DfewMetrics of(List<Sample> samples) {
    ConfusionMatrix clean = new ConfusionMatrix(LABELS);
    List<String> withNone = new ArrayList<>(LABELS);
    withNone.add(ReferenceParsers.NONE);
    ConfusionMatrix reference = new ConfusionMatrix(withNone);
    for (Sample s : samples) {
      clean.add(s.truth(), s.scored());
      reference.add(s.truth(), ReferenceParsers.dfew(s.answer(), s.truth()));
    }
    List<String> trueClasses = LABELS.stream().filter(l -> clean.support(l) > 0).toList();
    List<String> seen = withNone.stream()
        .filter(l -> reference.support(l) > 0 || withNone.stream().anyMatch(t -> reference.count(t, l) > 0)).toList();
    return new DfewMetrics(clean.accuracy(), clean.meanRecall(trueClasses), reference.accuracy(),
        reference.meanRecall(seen), clean, reference);
  }
}
