package io.emoqwen.inference.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts of (true label, predicted label) over a fixed label list; rows are truths, columns predictions. The
 * per-class figures follow scikit-learn's definitions (a class never predicted has precision 0, one never true
 * has recall 0), so figures compare with the reference scripts'.
 */
public final class ConfusionMatrix {

  private final List<String> labels;
  private final long[][] counts;

  public ConfusionMatrix(List<String> labels) {
    if (labels.isEmpty() || labels.stream().distinct().count() != labels.size()) {
      throw new IllegalArgumentException("labels must be distinct and not empty: " + labels);
    }
    this.labels = List.copyOf(labels);
    this.counts = new long[labels.size()][labels.size()];
  }

  public ConfusionMatrix add(String truth, String predicted) {
    counts[index(truth)][index(predicted)]++;
    return this;
  }

  public List<String> labels() {
    return labels;
  }

  public long count(String truth, String predicted) {
    return counts[index(truth)][index(predicted)];
  }

  public long total() {
    long total = 0;
    for (long[] row : counts) {
      for (long c : row) {
        total += c;
      }
    }
    return total;
  }

  /** Samples whose truth is {@code label}. */
  public long support(String label) {
    long support = 0;
    for (long c : counts[index(label)]) {
      support += c;
    }
    return support;
  }

  private long predicted(int column) {
    long predicted = 0;
    for (long[] row : counts) {
      predicted += row[column];
    }
    return predicted;
  }

  public double accuracy() {
    long hits = 0;
    for (int i = 0; i < labels.size(); i++) {
      hits += counts[i][i];
    }
    return ratio(hits, total());
  }

  public double recall(String label) {
    int i = index(label);
    return ratio(counts[i][i], support(label));
  }

  public double precision(String label) {
    int i = index(label);
    return ratio(counts[i][i], predicted(i));
  }

  public double f1(String label) {
    double p = precision(label);
    double r = recall(label);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** Unweighted mean recall over {@code over} (which may hold classes no sample has: they count as 0). */
  public double meanRecall(List<String> over) {
    return over.stream().mapToDouble(this::recall).average().orElse(0);
  }

  /** F1 per class weighted by the class's support (scikit-learn's {@code average="weighted"}). */
  public double weightedF1() {
    double sum = 0;
    for (String label : labels) {
      sum += f1(label) * support(label);
    }
    return ratio(sum, total());
  }

  /** For the stored results: the label order and the rows, truths down, predictions across. */
  public Map<String, Object> toMap() {
    List<List<Long>> rows = new ArrayList<>();
    for (long[] row : counts) {
      rows.add(java.util.Arrays.stream(row).boxed().toList());
    }
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("labels", labels);
    map.put("rows", rows);
    return map;
  }

  private int index(String label) {
    int i = labels.indexOf(label);
    if (i < 0) {
      throw new IllegalArgumentException("unknown label " + label + " (labels: " + labels + ")");
    }
    return i;
  }

  private static double ratio(double a, double b) {
    return b == 0 ? 0 : a / b;
  }
}
