package io.emoqwen.inference.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an evaluation stores, in checkpoints.metrics (under the benchmark's name) and as JSON in S3: the figures,
 * both DFEW variants side by side so nobody quotes the reference one as the model's quality, the confusion
 * matrices, and for EMER either the judge's scores or why there are none.
 */
public final class EvaluationReport {

  private EvaluationReport() {}

  public static Map<String, Object> dfew(DfewMetrics m) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("samples", m.confusion().total());
    report.put("war", m.war());
    report.put("uar", m.uar());
    report.put("reference_war", m.referenceWar());
    report.put("reference_uar", m.referenceUar());
    report.put("confusion", m.confusion().toMap());
    report.put("reference_confusion", m.referenceConfusion().toMap());
    return report;
  }

  public static Map<String, Object> mer2024(Mer2024Metrics m) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("samples", m.confusion().total());
    report.put("accuracy", m.accuracy());
    report.put("weighted_f1", m.weightedF1());
    report.put("reference_accuracy", m.referenceAccuracy());
    report.put("reference_weighted_f1", m.referenceWeightedF1());
    report.put("confusion", m.confusion().toMap());
    report.put("reference_confusion", m.referenceConfusion().toMap());
    return report;
  }

  /** EMER as judged: mean clue and label overlap (1-10) over the clips the judge gave a score. */
  public static Map<String, Object> emer(EmerScores s) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("skipped", false);
    report.put("samples", s.samples());
    report.put("clue_overlap", s.clueOverlap());
    report.put("label_overlap", s.labelOverlap());
    report.put("judged_clue", s.judgedClue());
    report.put("judged_label", s.judgedLabel());
    report.put("judge_model", s.judgeModel());
    return report;
  }

  /** EMER needs a language model as judge; without one configured the figure is absent, never made up. */
  public static Map<String, Object> emerSkipped(String setting, long samples) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("samples", samples);
    report.put("skipped", true);
    report.put("reason", "no judge endpoint is configured (" + setting + "): EMER clue and label overlap are "
        + "scored 1-10 by a language model");
    return report;
  }
}
