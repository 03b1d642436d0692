package io.emoqwen.core.training;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Named recipes: MODEL.md section 3's four stages with their freeze switches, sized for a model configuration.
 * The API offers them and the pipeline benchmark runs them, so a figure measured there is for this recipe.
 */
public final class TrainingTemplates {

  /**
   * A recipe: a model configuration, its token limit, and the stages in order.
   *
   * @param evaluationDataset the tenant dataset (by name) of held-out clips the recipe is judged on, or null
   */
  public record Template(String name, String modelConfig, int modelMaxLength, List<StageDefaults> stages,
      String evaluationDataset) {

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
              0, 120, 10, null),
          new StageDefaults(Stage.STAGE2_EMOTION, Stage.STAGE2_EMOTION.defaultTrainable(), false, 2e-3, 5, 60, 4, 1,
              0, 120, 10, null),
          new StageDefaults(Stage.STAGE3_JOINT, Stage.STAGE3_JOINT.defaultTrainable(), false, 5e-4, 5, 60, 4, 1,
              0, 120, 10, null),
          new StageDefaults(Stage.VER_FINETUNE,
              EnumSet.of(TrainableGroup.EMOTIONCOMPRESSOR, TrainableGroup.GATENET), true, 1e-3, 5, 80, 4, 1,
              0, 120, 10, null)),
      null);

  /**
   * The standalone platform's ready-made run: emotion-qwen-small through all four stages on the demo datasets it
   * seeds into the demo tenant (each stage reads its dataset's newest READY version), judged on the held-out
   * demo clips ({@code tests/bench/run pipeline} measures time and WAR). VER fine-tunes the llm in full (MODEL.md's
   * full recipe) at 1e-3 for 800 steps: on two CPU cores LoRA at 1e-3 (400 steps) and full training at 5e-4
   * predicted one label for every clip, full training at 1e-3 reached WAR 0.23 on the held-out clips. Not yet the
   * 0.6 the demo aims at: with the vision encoder frozen at its random initialisation the model barely reads the
   * faces (it scores training clips no better).
   */
  public static final Template DEMO_FOUR_STAGE = new Template("demo-four-stage", "emotion-qwen-small", 2048,
      List.of(
          new StageDefaults(Stage.STAGE1_GENERAL, Stage.STAGE1_GENERAL.defaultTrainable(), false, 2e-3, 5, 60, 4, 1,
              0, 120, 10, "demo-captions"),
          new StageDefaults(Stage.STAGE2_EMOTION, Stage.STAGE2_EMOTION.defaultTrainable(), false, 2e-3, 5, 60, 4, 1,
              0, 120, 10, "demo-emotion-images"),
          new StageDefaults(Stage.STAGE3_JOINT, Stage.STAGE3_JOINT.defaultTrainable(), false, 5e-4, 5, 60, 4, 1,
              0, 120, 10, "demo-joint"),
          new StageDefaults(Stage.VER_FINETUNE, Stage.VER_FINETUNE.defaultTrainable(), false, 1e-3, 5, 800, 4, 1,
              0, 120, 20, "demo-ver-clips")),
      "demo-eval-clips");

  public static final List<Template> ALL = List.of(EMOTION_QWEN_SMALL, DEMO_FOUR_STAGE);

  private TrainingTemplates() {}

  public static Optional<Template> named(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }
}
