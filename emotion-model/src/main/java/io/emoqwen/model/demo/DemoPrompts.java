package io.emoqwen.model.demo;

/**
 * The questions the demo data ask. The evaluation asks {@link #CLASSIFY} and scores the seven labels as
 * answers, so training and evaluation share these strings from this one place.
 */
public final class DemoPrompts {

  public static final String CLASSIFY =
      "Which emotion does the person show? Answer with one of: happy, sad, neutral, angry, surprise, disgust, fear.";
  public static final String DESCRIBE_EN = "Describe the emotion of the person in the video.";
  public static final String DESCRIBE_ZH = "请描述视频中人物的情绪。";
  public static final String CAPTION = "Describe the picture.";
  public static final String COLOUR = "What colour is the face?";

  private DemoPrompts() {}
}
