package io.emoqwen.core.training;

import io.emoqwen.core.datasets.DatasetKind;
import java.util.EnumSet;
import java.util.Set;

/** The training stages of MODEL.md section 3, in pipeline order, with the dataset kind each reads and its default trainable groups. */
public enum Stage {
  STAGE1_GENERAL("stage1_general", DatasetKind.CAPTION_IMAGES, EnumSet.of(TrainableGroup.GENERALCOMPRESSOR, TrainableGroup.GATENET)),
  STAGE2_EMOTION("stage2_emotion", DatasetKind.EMOTION_IMAGES, EnumSet.of(TrainableGroup.EMOTIONCOMPRESSOR, TrainableGroup.GATENET)),
  STAGE3_JOINT("stage3_joint", DatasetKind.MIXED_INSTRUCTIONS,
      EnumSet.of(TrainableGroup.GENERALCOMPRESSOR, TrainableGroup.EMOTIONCOMPRESSOR, TrainableGroup.GATENET,
          TrainableGroup.LLM)),
  VER_FINETUNE("ver_finetune", DatasetKind.VER_CLIPS, EnumSet.of(TrainableGroup.LLM, TrainableGroup.EMOTIONCOMPRESSOR, TrainableGroup.GATENET));

  private final String wireName;
  private final DatasetKind datasetKind;
  private final Set<TrainableGroup> defaultTrainable;

  Stage(String wireName, DatasetKind datasetKind, Set<TrainableGroup> defaultTrainable) {
    this.wireName = wireName;
    this.datasetKind = datasetKind;
    this.defaultTrainable = defaultTrainable;
  }

  public String wireName() {
    return wireName;
  }

  /** The kind of dataset the stage reads (a run refuses versions of another kind). */
  public DatasetKind datasetKind() {
    return datasetKind;
  }

  public Set<TrainableGroup> defaultTrainable() {
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
