package io.emoqwen.model.processor;

import io.emoqwen.model.input.ModelInput;
import io.emoqwen.model.input.VisualInput;
import io.emoqwen.model.text.ChatMessage;
import io.emoqwen.model.text.ChatTemplate;
import io.emoqwen.model.text.QwenTokenizer;
import io.emoqwen.model.text.SpecialTokens;
import java.util.Arrays;
import java.util.List;

/**
 * Conversations (with their visual inputs) to {@link ModelInput}: ChatML through the tokenizer, every vision
 * pad expanded to its visual token count, labels on assistant tokens only. The budget is computed by the same
 * encoding with token counts from {@link VisualPlan}s, so it is exact and needs no decoded pixels.
 */
public final class ModelInputs {

  private final QwenTokenizer tokenizer;

  public ModelInputs(QwenTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  public QwenTokenizer tokenizer() {
    return tokenizer;
  }

  /** A training sequence: labels on assistant content and its {@code <|im_end|>}; refused above maxLength. */
  public ModelInput training(List<ChatMessage> messages, List<VisualInput> visuals, int maxLength) {
    Encoded e = encode(messages, slotsOf(visuals), false);
    e.budget.requireWithin(maxLength, "training sample");
    if (Arrays.stream(e.labels).allMatch(l -> l == ModelInput.IGNORE)) {
      throw new SampleRejectedException("training sample has no assistant text to learn from");
    }
    return new ModelInput(e.ids, e.labels, visuals);
  }

  /** A prompt for generation: the conversation plus {@code <|im_start|>assistant\n}, no labels. */
  public ModelInput prompt(List<ChatMessage> messages, List<VisualInput> visuals, int maxLength) {
    Encoded e = encode(messages, slotsOf(visuals), true);
    e.budget.requireWithin(maxLength, "prompt");
    return new ModelInput(e.ids, null, visuals);
  }

  /**
   * Tokens the conversation will take with visual inputs of the given plans (in placeholder order), before
   * anything is decoded.
   */
  public TokenBudget budget(List<ChatMessage> messages, List<VisualPlan> plans, boolean addGenerationPrompt) {
    List<Slot> slots = plans.stream().map(p -> new Slot(p.video(), p.tokenCount())).toList();
    return encode(messages, slots, addGenerationPrompt).budget;
  }

  private record Encoded(int[] ids, int[] labels, TokenBudget budget) {}

  /** What fills one placeholder: an image or a video, and how many pad tokens it takes. */
  private record Slot(boolean video, int tokens) {}

  private Encoded encode(List<ChatMessage> messages, List<Slot> slots, boolean addGenerationPrompt) {
    List<ChatTemplate.Piece> pieces = ChatTemplate.pieces(messages, addGenerationPrompt);
    checkSlots(ChatTemplate.visualKinds(pieces), slots);
    SpecialTokens special = tokenizer.special();
    IntList ids = new IntList();
    IntList labels = new IntList();
    int visual = 0;
    int visualTotal = 0;
    for (ChatTemplate.Piece piece : pieces) {
      int from = ids.size();
      switch (piece.kind()) {
        case SPECIAL, TEXT -> ids.addAll(tokenizer.encode(piece.text()));
        case IMAGE, VIDEO -> {
          int pad = piece.kind() == ChatTemplate.Kind.IMAGE ? special.imagePad() : special.videoPad();
          ids.add(special.visionStart());
          int tokens = slots.get(visual++).tokens();
          ids.addRepeated(pad, tokens);
          ids.add(special.visionEnd());
          visualTotal += tokens;
        }
      }
      for (int i = from; i < ids.size(); i++) {
        labels.add(piece.trained() ? ids.get(i) : ModelInput.IGNORE);
      }
    }
    int[] idArray = ids.toArray();
    return new Encoded(idArray, labels.toArray(), new TokenBudget(idArray.length - visualTotal, visualTotal));
  }

  private static void checkSlots(List<ChatTemplate.Kind> kinds, List<Slot> slots) {
    if (kinds.size() != slots.size()) {
      throw new SampleRejectedException(
          "the conversation has " + kinds.size() + " <image>/<video> placeholder(s) but " + slots.size()
              + " visual input(s)");
    }
    for (int i = 0; i < kinds.size(); i++) {
      boolean video = kinds.get(i) == ChatTemplate.Kind.VIDEO;
      if (slots.get(i).video() != video) {
        throw new SampleRejectedException(
            "placeholder " + (i + 1) + " is <" + (video ? "video" : "image") + "> but visual input " + (i + 1)
                + " is " + (video ? "an image" : "a video"));
      }
    }
  }

  private static List<Slot> slotsOf(List<VisualInput> visuals) {
    return visuals.stream().map(v -> new Slot(v.video(), v.tokenCount())).toList();
  }

  /** A growable int array: sequences run to tens of thousands of ids, boxing each would be waste. */
  private static final class IntList {
    private int[] data = new int[256];
    private int size;

    void add(int v) {
      if (size == data.length) {
        data = Arrays.copyOf(data, size * 2);
      }
      data[size++] = v;
    }

    void addAll(int[] values) {
      for (int v : values) {
        add(v);
      }
    }

    void addRepeated(int v, int count) {
      for (int i = 0; i < count; i++) {
        add(v);
      }
    }

    int get(int i) {
      return data[i];
    }

    int size() {
      return size;
    }

    int[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }
}
