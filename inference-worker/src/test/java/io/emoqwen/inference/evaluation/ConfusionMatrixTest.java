package io.emoqwen.inference.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

  @Test
  void per_class_figures_treat_empty_denominators_as_zero_and_unknown_labels_are_refused() {
    ConfusionMatrix m = new ConfusionMatrix(List.of("a", "b", "c"));
    m.add("a", "a").add("a", "b").add("b", "b");
    assertThat(m.precision("c")).isZero();
    assertThat(m.recall("c")).isZero();
    assertThat(m.precision("b")).isEqualTo(0.5);
    assertThat(m.recall("a")).isEqualTo(0.5);
    assertThat(m.f1("b")).isCloseTo(2 * 0.5 * 1 / 1.5, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(m.toMap()).containsEntry("rows", List.of(List.of(1L, 1L, 0L), List.of(0L, 1L, 0L), List.of(0L, 0L, 0L)));
    assertThatThrownBy(() -> m.add("a", "z")).isInstanceOf(IllegalArgumentException.class);
  }
}
