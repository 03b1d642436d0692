package io.emoqwen.model.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Qwen2.5-VL's ChatML: a default system turn when the conversation has none, each turn as
 * {@code <|im_start|>role\ncontent<|im_end|>\n}, visual inputs as
 * {@code <|vision_start|><|image_pad|><|vision_end|>} (or {@code <|video_pad|>}), and
 * {@code <|im_start|>assistant\n} to ask for a reply.
 *
 * <p>The template yields {@link Piece}s rather than only a string so that the encoder can tokenise each text
 * span on its own (it must know where assistant content starts, to label it) and expand each pad to the
 * visual token count.
 */
public final class ChatTemplate {

  public static final String DEFAULT_SYSTEM_PROMPT = "You are a helpful assistant.";

  /**
   * A placeholder eats one newline on each side, as the reference training code does: "&lt;video&gt;\nText"
   * renders like Qwen's own list-content template (vision block directly followed by the text), so training
   * and inference see the same layout.
   */
  private static final Pattern PLACEHOLDER = Pattern.compile("\\n?<(image|video)>\\n?");

  /** What a piece of the rendered conversation is. */
  public enum Kind {
    /** one special token, {@link Piece#text()} holds its string */
    SPECIAL,
    /** text to tokenise */
    TEXT,
    /** an image: vision start, image pads, vision end */
    IMAGE,
    /** a video: vision start, video pads, vision end */
    VIDEO
  }

  /**
   * @param kind what this is
   * @param text the special token or the text; empty for visual inputs
   * @param trained whether the loss applies (assistant content and its closing {@code <|im_end|>})
   */
  public record Piece(Kind kind, String text, boolean trained) {}

  private ChatTemplate() {}

  public static List<Piece> pieces(List<ChatMessage> messages, boolean addGenerationPrompt) {
    List<Piece> out = new ArrayList<>();
    if (messages.isEmpty() || !ChatMessage.SYSTEM.equals(messages.get(0).role())) {
      turn(out, ChatMessage.system(DEFAULT_SYSTEM_PROMPT));
    }
    for (ChatMessage message : messages) {
      turn(out, message);
    }
    if (addGenerationPrompt) {
      out.add(special(SpecialTokens.IM_START, false));
      out.add(new Piece(Kind.TEXT, ChatMessage.ASSISTANT + "\n", false));
    }
    return out;
  }

  /** The conversation as Qwen's template prints it: one pad token per visual input, not yet expanded. */
  public static String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
    StringBuilder s = new StringBuilder();
    for (Piece piece : pieces(messages, addGenerationPrompt)) {
      switch (piece.kind()) {
        case SPECIAL, TEXT -> s.append(piece.text());
        case IMAGE -> s.append(SpecialTokens.VISION_START).append(SpecialTokens.IMAGE_PAD).append(SpecialTokens.VISION_END);
        case VIDEO -> s.append(SpecialTokens.VISION_START).append(SpecialTokens.VIDEO_PAD).append(SpecialTokens.VISION_END);
      }
    }
    return s.toString();
  }

  /** The visual placeholders among rendered pieces, in order: {@link Kind#IMAGE} or {@link Kind#VIDEO} each. */
  public static List<Kind> visualKinds(List<Piece> pieces) {
    return pieces.stream().map(Piece::kind).filter(k -> k == Kind.IMAGE || k == Kind.VIDEO).toList();
  }

  private static void turn(List<Piece> out, ChatMessage message) {
    boolean trained = ChatMessage.ASSISTANT.equals(message.role());
    out.add(special(SpecialTokens.IM_START, false));
    out.add(new Piece(Kind.TEXT, message.role() + "\n", false));
    Matcher m = PLACEHOLDER.matcher(message.content());
    int at = 0;
    while (m.find()) {
      text(out, message.content().substring(at, m.start()), trained);
      out.add(new Piece("image".equals(m.group(1)) ? Kind.IMAGE : Kind.VIDEO, "", false));
      at = m.end();
    }
    text(out, message.content().substring(at), trained);
    out.add(special(SpecialTokens.IM_END, trained));
    out.add(new Piece(Kind.TEXT, "\n", false));
  }

  private static void text(List<Piece> out, String text, boolean trained) {
    if (!text.isEmpty()) {
      out.add(new Piece(Kind.TEXT, text, trained));
    }
  }

  private static Piece special(String token, boolean trained) {
    return new Piece(Kind.SPECIAL, token, trained);
  }
}
