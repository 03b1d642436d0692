package io.emoqwen.inference.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emoqwen.inference.evaluation.Mer2024Metrics.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

class Mer2024MetricsTest {

  static final List<Sample> CLIPS = List.of(
      new Sample("happy", "happy", "happy and a bit sad"), // reference -> sad (alphabetically last): wrong
      new Sample("worried", "sad", "no idea"),             // reference -> worried (fallback): right
      new Sample("angry", "angry", "Angry!"),
      new Sample("sad", "sad", "sad"),
      new Sample("sad", "neutral", "sad, clearly"));

  @Test
  void reference_figures_take_the_alphabetically_last_label_worried_when_none_and_weight_f1_by_support() {
    Mer2024Metrics m = Mer2024Metrics.of(CLIPS);
    // reference predictions sad, worried, angry, sad, sad
    assertThat(m.referenceAccuracy()).isCloseTo(4 / 5.0, within(1e-12));
    // F1: angry 1 (support 1), happy 0 (1), sad p=2/3 r=1 -> 0.8 (2), worried 1 (1)
    assertThat(m.referenceWeightedF1()).isCloseTo((1 + 0 + 0.8 * 2 + 1) / 5.0, within(1e-12));
    assertThat(m.referenceConfusion().count("happy", "sad")).isEqualTo(1);
  }

  @Test
  void clean_figures_use_the_scored_label() {
    Mer2024Metrics m = Mer2024Metrics.of(CLIPS);
    // scored predictions happy, sad, angry, sad, neutral
    assertThat(m.accuracy()).isCloseTo(3 / 5.0, within(1e-12));
    // F1: angry 1 (1), happy 1 (1), sad p=1/2 r=1/2 -> 0.5 (2), worried 0 (1)
    assertThat(m.weightedF1()).isCloseTo((1 + 1 + 0.5 * 2 + 0) / 5.0, within(1e-12));
    assertThat(m.confusion().count("sad", "neutral")).isEqualTo(1);
  }

  @Test
  void matching_is_by_substring_as_in_the_reference_scripts() {
    assertThat(ReferenceParsers.mer2024("Unhappy.", Mer2024Metrics.LABELS)).isEqualTo("happy");
    assertThat(ReferenceParsers.dfew("fearful and disgusted", "disgust")).isEqualTo("disgust");
    // DFEW's script never looks for the wrong label an answer named: anything but the truth is "none"
    assertThat(ReferenceParsers.dfew("fearful and disgusted", "sad")).isEqualTo(ReferenceParsers.NONE);
  }
}
