package io.emoqwen.training.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.emoqwen.core.training.TrainableGroup;
import io.emoqwen.model.nn.ParameterGroup;
import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Core's group names travel in job payloads and must map onto the model's groups one to one. */
class TrainableGroupsTest {

  @Test
  void everyGroupOfTheModelHasItsMirrorInCoreAndBack() {
    assertThat(Arrays.stream(TrainableGroup.values()).map(Enum::name))
        .containsExactlyElementsOf(Arrays.stream(ParameterGroup.values()).map(Enum::name).toList());
    assertThat(StageHandler.groupsOf(EnumSet.allOf(TrainableGroup.class))).isEqualTo(EnumSet.allOf(ParameterGroup.class));
  }
}
