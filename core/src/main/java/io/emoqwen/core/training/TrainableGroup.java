package io.emoqwen.core.training;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.emoqwen.core.wire.WireNames;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The parameter groups a recipe trains or freezes (MODEL.md section 3). Mirrors emotion-model's
 * {@code ParameterGroup} by constant name, so the API can validate a run without loading the model library; a
 * test in training-jobs keeps the two lists equal.
 */
public enum TrainableGroup {
  VPM,
  GENERALCOMPRESSOR,
  EMOTIONCOMPRESSOR,
  GATENET,
  LLM,
  EMBED_TOKENS,
  LM_HEAD;

  /**
   * An unmodifiable copy that iterates in declaration order, so payloads and responses list the groups the same
   * way on every run (Set.copyOf's order changes from one JVM to the next).
   */
  public static Set<TrainableGroup> inOrder(Collection<TrainableGroup> groups) {
    EnumSet<TrainableGroup> copy = EnumSet.noneOf(TrainableGroup.class);
    copy.addAll(groups);
    return Collections.unmodifiableSet(copy);
  }

  @JsonValue
  public String wireName() {
    return WireNames.of(this);
  }

  /** By wire name, or by constant name as emotion-model's {@code ParameterGroup} spells it. */
  @JsonCreator
  public static TrainableGroup of(String wireName) {
    return Arrays.stream(values()).filter(g -> g.name().equals(wireName)).findFirst()
        .orElseGet(() -> WireNames.parse(TrainableGroup.class, wireName, "parameter group"));
  }
}
