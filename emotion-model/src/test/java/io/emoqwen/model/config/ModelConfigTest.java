package io.emoqwen.model.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.emoqwen.model.nn.ParameterGroup;
import io.emoqwen.model.nn.ParameterLayout;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelConfigTest {

  @Test
  void theSevenBillionConfigurationCountsAboutEightPointThreeBillionParametersWithoutAllocatingThem() {
    ModelConfig config = ModelConfig.named("emotion-qwen-7b");
    ParameterLayout layout = new ParameterLayout(config);
    Map<ParameterGroup, Long> groups = layout.countsByGroup();
    groups.forEach((group, count) -> System.out.printf("%-18s %,15d%n", group, count));
    System.out.printf("%-18s %,15d%n", "total", layout.parameterCount());

    assertThat(layout.parameterCount()).isBetween(8_250_000_000L, 8_400_000_000L);
    assertThat(groups.get(ParameterGroup.EMBED_TOKENS)).isEqualTo(152064L * 3584);
    assertThat(groups.get(ParameterGroup.GENERALCOMPRESSOR)).isEqualTo(groups.get(ParameterGroup.EMOTIONCOMPRESSOR));
    assertThat(layout.spec("vpm.patch_embed.proj.weight").shape()).containsExactly(1280, 3, 2, 14, 14);
    assertThat(layout.spec("llm.layers.27.self_attn.k_proj.weight").shape()).containsExactly(512, 3584);
    assertThat(layout.spec("generalcompressor.mlp.0.weight").shape()).containsExactly(5120, 5120);
  }

  @Test
  void aConfigurationSurvivesItsOwnConfigJson() {
    for (String name : ModelConfig.NAMED) {
      ModelConfig config = ModelConfig.named(name);
      ModelConfig again = ModelConfig.fromJson(name, config.toJson("float32"));
      assertThat(new ParameterLayout(again).parameterCount()).isEqualTo(new ParameterLayout(config).parameterCount());
      assertThat(again.toJson("float32")).isEqualTo(config.toJson("float32"));
    }
  }

  @Test
  void theSmallConfigurationHasAFewMillionParameters() {
    long count = new ParameterLayout(ModelConfig.named("emotion-qwen-small")).parameterCount();
    System.out.printf("emotion-qwen-small: %,d parameters%n", count);
    assertThat(count).isBetween(2_000_000L, 20_000_000L);
  }
}
