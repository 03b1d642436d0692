package io.emoqwen.model.demo;

import java.util.Arrays;
import java.util.List;

/**
 * The seven DFEW emotions, in DFEW's label order, with the words and descriptions the demo data use.
 * The English word is the label a classifier scores; descriptions name what the drawn face does, in
 * English and Chinese, as VER annotations do.
 */
public enum DemoEmotion {
  HAPPY("happy", "开心", "the corners of the mouth rise into a wide smile", "嘴角上扬，露出灿烂的笑容"),
  SAD("sad", "悲伤", "the mouth turns down and the inner brows rise", "嘴角下垂，眉头内侧上扬"),
  NEUTRAL("neutral", "平静", "the mouth stays flat and the brows rest", "嘴唇平直，眉毛放松"),
  ANGRY("angry", "愤怒", "the brows draw down into a sharp V and the mouth tightens", "眉毛紧锁成V形，嘴唇紧绷"),
  SURPRISE("surprise", "惊讶", "the eyes widen, the brows lift high and the mouth opens round", "双眼睁大，眉毛高挑，嘴巴张成圆形"),
  DISGUST("disgust", "厌恶", "one side of the lip curls up and the nose wrinkles", "一侧嘴唇上翘，鼻子皱起"),
  FEAR("fear", "恐惧", "the eyes stare wide and the mouth stretches open showing teeth", "双眼圆睁，嘴巴横向张开露出牙齿");

  private final String label;
  private final String labelZh;
  private final String cueEn;
  private final String cueZh;

  DemoEmotion(String label, String labelZh, String cueEn, String cueZh) {
    this.label = label;
    this.labelZh = labelZh;
    this.cueEn = cueEn;
    this.cueZh = cueZh;
  }

  /** DFEW's English label, the word a classifier scores. */
  public String label() {
    return label;
  }

  public String labelZh() {
    return labelZh;
  }

  /** A VER-style description in English. */
  public String describeEn() {
    return "The person looks " + label + ": " + cueEn + ".";
  }

  /** The same description in Chinese. */
  public String describeZh() {
    return "这个人看起来很" + labelZh + "：" + cueZh + "。";
  }

  /** All labels in DFEW order (the candidates of label scoring). */
  public static List<String> labels() {
    return Arrays.stream(values()).map(DemoEmotion::label).toList();
  }

  public static DemoEmotion ofLabel(String label) {
    for (DemoEmotion e : values()) {
      if (e.label.equals(label)) {
        return e;
      }
    }
    throw new IllegalArgumentException("'" + label + "' is not one of the DFEW labels " + labels());
  }
}
