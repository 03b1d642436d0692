package io.emoqwen.core.training;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Named recipes: MODEL.md section 3's four stages with their freeze switches, sized for a model configuration.
 * The API offers them and the pipeline benchmark runs them, so a figure measured there is for this recipe.
 */
public final class TrainingTemplates {

  /** A recipe: a model configuration, its token limit, and the stages in order. */
  public record Template(String name, String modelConfig, int modelMaxLength, List<StageDefaults> stages) {

    public Template {
      stages = List.copyOf(stages);
    }

    public Optional<StageDefaults> stage(Stage stage) {
      return stages.stream().filter(s -> s.stage() == stage).findFirst();
    }
  }

  /**
   * emotion-qwen-small on CPU-sized data. Learning rates are far above the paper's 1e-6 because a few hundred
   * steps, not 3 epochs of 40K clips, must move a small model; VER fine-tunes with LoRA (MODEL.md's LoRA
   * recipe: adapters on the llm, emotion expert and gate in full).
   */
  public static final Template EMOTION_QWEN_SMALL = new Template("emotion-qwen-small", "emotion-qwen-small", 2048,
      List.of(
          new StageDefaults(Stage.STAGE1_GENERAL, Stage.STAGE1_GENERAL.defaultTrainable(), false, 2e-3, 5, 60, 4, 1,
              0, 120, 10),
          new StageDefaults(Stage.STAGE2_EMOTION, Stage.STAGE2_EMOTION.defaultTrainable(), false, 2e-3, 5, 60, 4, 1,
              0, 120, 10),
          new StageDefaults(Stage.STAGE3_JOINT, Stage.STAGE3_JOINT.defaultTrainable(), false, 5e-4, 5, 60, 4, 1,
              0, 120, 10),
          new StageDefaults(Stage.VER_FINETUNE,
              EnumSet.of(TrainableGroup.EMOTIONCOMPRESSOR, TrainableGroup.GATENET), true, 1e-3, 5, 80, 4, 1,
              0, 120, 10)));

  public static final List<Template> ALL = List.of(EMOTION_QWEN_SMALL);

  private TrainingTemplates() {}

  public static Optional<Template> named(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }
}
