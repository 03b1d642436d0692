package io.emoqwen.inference.evaluation;

import java.util.List;

/**
 * MER2024 (SEMI and NOISE): accuracy and support-weighted F1 over its 6 classes, twice like {@link DfewMetrics}.
 * The <b>clean</b> figures take the label the model scores highest; the <b>reference-compatible</b> ones parse the
 * generated answer as the published script does ({@link ReferenceParsers#mer2024}), where an answer naming
 * several labels counts as the alphabetically last and one naming none as "worried".
 */
public record Mer2024Metrics(double accuracy, double weightedF1, double referenceAccuracy,
    double referenceWeightedF1, ConfusionMatrix confusion, ConfusionMatrix referenceConfusion) {

  public static final List<String> LABELS = List.of("angry", "happy", "neutral", "sad", "surprise", "worried");

  /** One clip: its truth, the highest-scored label, and the generated answer. */
  public record Sample(String truth, String scored, String answer) {}

  public static Mer2024Metrics of(List<Sample> samples) {
    ConfusionMatrix clean = new ConfusionMatrix(LABELS);
    ConfusionMatrix reference = new ConfusionMatrix(LABELS);
    for (Sample s : samples) {
      clean.add(s.truth(), s.scored());
      reference.add(s.truth(), ReferenceParsers.mer2024(s.answer(), LABELS));
    }
    return new Mer2024Metrics(clean.accuracy(), clean.weightedF1(), reference.accuracy(), reference.weightedF1(),
        clean, reference);
  }
}
