package io.emoqwen.core.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StageSpecTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void trainableGroupsAreListedInDeclarationOrderWhateverOrderTheyCameIn() throws Exception {
    var reversed = new LinkedHashSet<>(List.of(TrainableGroup.LM_HEAD, TrainableGroup.LLM, TrainableGroup.GATENET,
        TrainableGroup.EMOTIONCOMPRESSOR, TrainableGroup.VPM));
    StageSpec spec = new StageSpec(UUID.randomUUID(), Stage.STAGE3_JOINT, "emotion-qwen-small", null, null,
        List.of(UUID.randomUUID()), reversed, false, 1e-4, 0, 10, 1, 1, 7, 0, 0, 1, "cpu");

    List<TrainableGroup> inOrder = List.of(TrainableGroup.VPM, TrainableGroup.EMOTIONCOMPRESSOR,
        TrainableGroup.GATENET, TrainableGroup.LLM, TrainableGroup.LM_HEAD);
    assertThat(spec.trainable()).containsExactlyElementsOf(inOrder);
    String payload = JSON.writeValueAsString(spec);
    assertThat(payload).contains("\"trainable\":[\"vpm\",\"emotioncompressor\",\"gatenet\",\"llm\",\"lm_head\"]");
    assertThat(JSON.readValue(payload, StageSpec.class).trainable()).containsExactlyElementsOf(inOrder);
    assertThatThrownBy(() -> spec.trainable().add(TrainableGroup.EMBED_TOKENS))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
