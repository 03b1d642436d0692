package io.emoqwen.model.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.emoqwen.model.input.ModelInput;
import io.emoqwen.model.input.VisualInput;
import io.emoqwen.model.media.VideoProbe;
import io.emoqwen.model.text.ChatMessage;
import io.emoqwen.model.text.ChatTemplate;
import io.emoqwen.model.text.QwenTokenizer;
import io.emoqwen.model.text.RealQwenTokenizer;
import io.emoqwen.model.text.SpecialTokens;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelInputsTest {

  private static final List<ChatMessage> CONVERSATION =
      List.of(
          ChatMessage.user("<video>\nThe subtitle of this video is: 我不想再谈感情了。\nWhat emotion does he show?"),
          ChatMessage.assistant("In the video, he roared and stared with wide eyes.\nTherefore, he is angry."),
          ChatMessage.user("And in one word?"),
          ChatMessage.assistant("angry"));

  private static VisualInput video(VisualPlan plan) {
    float[] rows = new float[plan.patchCount() * VisualInput.PATCH_ROW_WIDTH];
    return new VisualInput(rows, plan.gridT(), plan.gridH(), plan.gridW(), true, plan.secondsPerGridT());
  }

  /** Tokenising piece by piece gives what tokenising Qwen's rendered text, pads expanded, gives in one go. */
  private static void assertPiecewiseEqualsWholeText(QwenTokenizer tokenizer) {
    VisualPlan plan = VisualPlan.forVideo(new VideoProbe(4, 25, 100, 320, 240, "h264"), ProcessorConfig.small());
    ModelInputs inputs = new ModelInputs(tokenizer);
    ModelInput input = inputs.training(CONVERSATION, List.of(video(plan)), 100_000);
    String expanded =
        ChatTemplate.render(CONVERSATION, false)
            .replace(SpecialTokens.VIDEO_PAD, SpecialTokens.VIDEO_PAD.repeat(plan.tokenCount()));
    assertThat(input.inputIds()).containsExactly(tokenizer.encode(expanded));
    assertThat(inputs.budget(CONVERSATION, List.of(plan), false).total()).isEqualTo(input.inputIds().length);
  }

  @Test
  void smallTokenizerEncodingMatchesTheRenderedChat() {
    try (QwenTokenizer small = QwenTokenizer.small()) {
      assertPiecewiseEqualsWholeText(small);
    }
  }

  @Test
  void realQwenTokenizerEncodingMatchesTheRenderedChat() {
    try (QwenTokenizer qwen = QwenTokenizer.load(RealQwenTokenizer.directory())) {
      assertPiecewiseEqualsWholeText(qwen);
    }
  }

  @Test
  void aPromptEndsWithTheAssistantHeaderAndHasNoLabels() {
    try (QwenTokenizer small = QwenTokenizer.small()) {
      ModelInputs inputs = new ModelInputs(small);
      VisualPlan plan = VisualPlan.forImage(300, 200, ProcessorConfig.small());
      List<ChatMessage> ask = List.of(ChatMessage.user("<image>Describe the emotional state of the person in the image."));
      VisualInput image = new VisionProcessor(ProcessorConfig.small()).image(PatchRowsTest.noise(300, 200, 1));
      ModelInput prompt = inputs.prompt(ask, List.of(image), 2048);
      assertThat(prompt.labels()).isNull();
      assertThat(small.decode(prompt.inputIds(), false)).endsWith("<|im_end|>\n<|im_start|>assistant\n");
      assertThat(prompt.inputIds()).hasSize(inputs.budget(ask, List.of(plan), true).total());
    }
  }
}
