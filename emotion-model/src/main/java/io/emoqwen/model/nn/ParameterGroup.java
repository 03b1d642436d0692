package io.emoqwen.model.nn;

/** The groups a training recipe freezes or trains as a whole (MODEL.md section 3). */
public enum ParameterGroup {
  VPM,
  GENERALCOMPRESSOR,
  EMOTIONCOMPRESSOR,
  GATENET,
  LLM,
  EMBED_TOKENS,
  LM_HEAD;

  /** The group a checkpoint tensor belongs to, from its name alone. */
  public static ParameterGroup of(String name) {
    if (name.startsWith("llm.embed_tokens.")) {
      return EMBED_TOKENS;
    }
    if (name.startsWith("lm_head.")) {
      return LM_HEAD;
    }
    String prefix = name.substring(0, name.indexOf('.'));
    return switch (prefix) {
      case "vpm" -> VPM;
      case "generalcompressor" -> GENERALCOMPRESSOR;
      case "emotioncompressor" -> EMOTIONCOMPRESSOR;
      case "gatenet" -> GATENET;
      case "llm" -> LLM;
      default -> throw new IllegalArgumentException("tensor '" + name + "' belongs to no known group");
    };
  }
}
