package io.emoqwen.core.datasets;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.emoqwen.core.wire.WireNames;

/**
 * What a dataset is for, i.e. which training stage (MODEL.md section 3) or evaluation reads it. The wire name
 * (lower case) is what the API and manifests carry.
 */
public enum DatasetKind {
  /** Stage 1, general alignment: image captions and general VQA. */
  CAPTION_IMAGES(false),
  /** Stage 2, emotion pretraining: emotion-labelled images. */
  EMOTION_IMAGES(false),
  /** Stage 3, joint instruction tuning: mixed general and emotion instructions (images or videos). */
  MIXED_INSTRUCTIONS(false),
  /** VER fine-tuning: video clips with bilingual (zh/en) descriptions. */
  VER_CLIPS(true),
  /** Labelled evaluation clips (DFEW, MER2024, EMER). */
  EVAL_CLIPS(true);

  private final boolean videoOnly;

  DatasetKind(boolean videoOnly) {
    this.videoOnly = videoOnly;
  }

  /** Whether every record of this kind must carry a video. */
  public boolean videoOnly() {
    return videoOnly;
  }

  @JsonValue
  public String wireName() {
    return WireNames.of(this);
  }

  @JsonCreator
  public static DatasetKind of(String wireName) {
    return WireNames.parse(DatasetKind.class, wireName, "dataset kind");
  }
}
