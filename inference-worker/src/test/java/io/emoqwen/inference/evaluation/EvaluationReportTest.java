package io.emoqwen.inference.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class EvaluationReportTest {

  @Test
  void dfew_reports_both_variants_and_emer_without_a_judge_says_why() {
    Map<String, Object> dfew = EvaluationReport.dfew(DfewMetrics.of(DfewMetricsTest.CLIPS));
    assertThat(dfew).containsEntry("samples", 5L).containsEntry("war", 0.6).containsEntry("uar", 0.625)
        .containsEntry("reference_uar", 2 / 5.0).containsKeys("confusion", "reference_confusion");
    Map<String, Object> emer = EvaluationReport.emerSkipped("emoqwen.inference.judge.endpoint", 3);
    assertThat(emer).containsEntry("skipped", true).containsEntry("samples", 3L).doesNotContainKey("clue_overlap");
    assertThat((String) emer.get("reason")).contains("emoqwen.inference.judge.endpoint").contains("language model");
  }

  @Test
  void emer_averages_only_the_scores_the_judge_gave_and_says_how_many() {
    EmerScores scores = EmerScores.of(List.of(
        new EmerScores.Judged(OptionalDouble.of(8), OptionalDouble.of(6)),
        new EmerScores.Judged(OptionalDouble.empty(), OptionalDouble.of(3)),
        new EmerScores.Judged(OptionalDouble.of(5), OptionalDouble.of(9))), "judge-1");
    assertThat(EvaluationReport.emer(scores)).containsEntry("samples", 3).containsEntry("clue_overlap", 6.5)
        .containsEntry("judged_clue", 2).containsEntry("label_overlap", 6.0).containsEntry("judged_label", 3)
        .containsEntry("skipped", false);
  }
}
