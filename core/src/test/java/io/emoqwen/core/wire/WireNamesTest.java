package io.emoqwen.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emoqwen.core.datasets.DatasetKind;
import io.emoqwen.core.inference.Benchmark;
import io.emoqwen.core.training.TrainableGroup;
import org.junit.jupiter.api.Test;

class WireNamesTest {

  @Test
  void enumsTravelByLowercaseNameAndAnUnknownNameIsRefusedWithTheAllowedOnes() {
    assertThat(Benchmark.of("mer2024")).isEqualTo(Benchmark.MER2024);
    assertThat(Benchmark.EMER.wireName()).isEqualTo("emer");
    assertThatThrownBy(() -> Benchmark.of("DFEW")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown benchmark 'DFEW', expected one of [dfew, mer2024, emer]");
    assertThatThrownBy(() -> DatasetKind.of("videos")).hasMessageStartingWith("unknown dataset kind 'videos'");
  }

  @Test
  void parameterGroupsAlsoTakeTheConstantNameTheModelLibrarySpells() {
    assertThat(TrainableGroup.of("lm_head")).isEqualTo(TrainableGroup.LM_HEAD);
    assertThat(TrainableGroup.of("LM_HEAD")).isEqualTo(TrainableGroup.LM_HEAD);
    assertThatThrownBy(() -> TrainableGroup.of("Lm_Head")).hasMessageContaining("unknown parameter group");
  }
}
