package io.emoqwen.model.demo;

/**
 * The parts of the demo data, each a training file of its own, and which training stage reads it
 * (MODEL.md section 3).
 */
public enum DemoSplit {
  /** Stage 1, general alignment: pictures of faces with captions of colour, size and place. */
  CAPTIONS("captions", false),
  /** Stage 2, emotion pretraining: face pictures with their emotion. */
  EMOTION_IMAGES("emotion_images", false),
  /** Stage 3, joint instruction tuning: general and emotion questions mixed. */
  JOINT("joint", false),
  /** VER fine-tuning: clips with bilingual descriptions and the DFEW label. */
  VER_TRAIN("ver_train", true),
  /** Held out: clips never trained on, for WAR/UAR. */
  VER_EVAL("ver_eval", true);

  private final String fileName;
  private final boolean video;

  DemoSplit(String fileName, boolean video) {
    this.fileName = fileName;
    this.video = video;
  }

  /** The split's name: its records are {@code NAME.json}, its media under {@code media/NAME/}. */
  public String fileName() {
    return fileName;
  }

  public boolean video() {
    return video;
  }
}
