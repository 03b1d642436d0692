package io.emoqwen.inference.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emoqwen.inference.evaluation.DfewMetrics.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

class DfewMetricsTest {

  // Hand-worked: clean predictions happy, sad, sad, angry, neutral; reference predictions happy, happy (the
  // answer names both), none, angry, none (the answer names a label, but not the truth).
  static final List<Sample> CLIPS = List.of(
      new Sample("happy", "happy", "The person looks happy."),
      new Sample("happy", "sad", "Happy or sad, hard to say."),
      new Sample("sad", "sad", "I cannot tell."),
      new Sample("angry", "angry", "angry"),
      new Sample("fear", "neutral", "A neutral face."));

  @Test
  void clean_figures_use_the_scored_label_and_average_recall_over_the_true_classes() {
    DfewMetrics m = DfewMetrics.of(CLIPS);
    assertThat(m.war()).isCloseTo(3 / 5.0, within(1e-12));
    // recall happy 1/2, sad 1/1, angry 1/1, fear 0/1
    assertThat(m.uar()).isCloseTo(2.5 / 4, within(1e-12));
    assertThat(m.confusion().count("happy", "sad")).isEqualTo(1);
    assertThat(m.confusion().count("fear", "neutral")).isEqualTo(1);
  }

  @Test
  void reference_figures_count_any_mention_as_a_hit_and_average_in_the_none_class() {
    DfewMetrics m = DfewMetrics.of(CLIPS);
    assertThat(m.referenceWar()).isCloseTo(3 / 5.0, within(1e-12));
    // classes seen: happy 2/2, sad 0/1, angry 1/1, fear 0/1, none (predicted only) 0
    assertThat(m.referenceUar()).isCloseTo(2 / 5.0, within(1e-12));
    assertThat(m.referenceConfusion().count("fear", ReferenceParsers.NONE)).isEqualTo(1);
    assertThat(m.referenceConfusion().count("sad", ReferenceParsers.NONE)).isEqualTo(1);
  }

  @Test
  void without_a_none_answer_the_reference_uar_is_not_deflated() {
    DfewMetrics m = DfewMetrics.of(List.of(new Sample("sad", "happy", "sad"), new Sample("happy", "happy", "happy")));
    assertThat(m.referenceUar()).isEqualTo(1.0);
    assertThat(m.uar()).isEqualTo(0.5);
  }
}
