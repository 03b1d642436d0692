package io.emoqwen.training.stages;

import io.emoqwen.model.nn.ParameterGroup;
import java.util.EnumSet;
import java.util.Set;

/** The training stages of MODEL.md section 3, in pipeline order, with each one's default trainable groups. */
public enum Stage {
  STAGE1_GENERAL("stage1_general", EnumSet.of(ParameterGroup.GENERALCOMPRESSOR, ParameterGroup.GATENET)),
  STAGE2_EMOTION("stage2_emotion", EnumSet.of(ParameterGroup.EMOTIONCOMPRESSOR, ParameterGroup.GATENET)),
  STAGE3_JOINT("stage3_joint",
      EnumSet.of(ParameterGroup.GENERALCOMPRESSOR, ParameterGroup.EMOTIONCOMPRESSOR, ParameterGroup.GATENET,
          ParameterGroup.LLM)),
  VER_FINETUNE("ver_finetune", EnumSet.of(ParameterGroup.LLM, ParameterGroup.EMOTIONCOMPRESSOR, ParameterGroup.GATENET));

  private final String wireName;
  private final Set<ParameterGroup> defaultTrainable;

  Stage(String wireName, Set<ParameterGroup> defaultTrainable) {
    this.wireName = wireName;
    this.defaultTrainable = defaultTrainable;
  }

  public String wireName() {
    return wireName;
  }

  public Set<ParameterGroup> defaultTrainable() {
    return EnumSet.copyOf(defaultTrainable);
  }

  public static Stage of(String wireName) {
    for (Stage s : values()) {
      if (s.wireName.equals(wireName) || s.name().equals(wireName)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown stage '" + wireName + "'");
  }
}
