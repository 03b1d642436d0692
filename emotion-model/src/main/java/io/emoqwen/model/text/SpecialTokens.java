package io.emoqwen.model.text;

import java.util.function.ToIntFunction;

/**
 * Ids of the Qwen special tokens the chat format and the vision placeholders use, as one tokenizer assigns
 * them (151643... in Qwen's vocabulary, 4082... in the small one).
 */
public record SpecialTokens(
    int endOfText, int imStart, int imEnd, int visionStart, int visionEnd, int imagePad, int videoPad) {

  public static final String END_OF_TEXT = "<|endoftext|>";
  public static final String IM_START = "<|im_start|>";
  public static final String IM_END = "<|im_end|>";
  public static final String VISION_START = "<|vision_start|>";
  public static final String VISION_END = "<|vision_end|>";
  public static final String IMAGE_PAD = "<|image_pad|>";
  public static final String VIDEO_PAD = "<|video_pad|>";

  static SpecialTokens resolve(ToIntFunction<String> idOf) {
    return new SpecialTokens(
        idOf.applyAsInt(END_OF_TEXT),
        idOf.applyAsInt(IM_START),
        idOf.applyAsInt(IM_END),
        idOf.applyAsInt(VISION_START),
        idOf.applyAsInt(VISION_END),
        idOf.applyAsInt(IMAGE_PAD),
        idOf.applyAsInt(VIDEO_PAD));
  }
}
