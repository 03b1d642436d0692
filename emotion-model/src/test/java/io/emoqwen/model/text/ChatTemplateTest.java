package io.emoqwen.model.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChatTemplateTest {

  @Test
  void aVideoPromptRendersAsQwenChatMlWithTheDefaultSystemPrompt() {
    String rendered =
        ChatTemplate.render(
            List.of(ChatMessage.user("<video>\nAnalyze the following video, combined with subtitles and visual clues.")),
            true);
    assertThat(rendered)
        .isEqualTo(
            "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
                + "<|im_start|>user\n<|vision_start|><|video_pad|><|vision_end|>"
                + "Analyze the following video, combined with subtitles and visual clues.<|im_end|>\n"
                + "<|im_start|>assistant\n");
  }

  @Test
  void aGivenSystemPromptReplacesTheDefaultAndTurnsFollowInOrder() {
    String rendered =
        ChatTemplate.render(
            List.of(
                ChatMessage.system("Answer with one word."),
                ChatMessage.user("What is shown?<image>"),
                ChatMessage.assistant("A face."),
                ChatMessage.user("Emotion?"),
                ChatMessage.assistant("happy")),
            false);
    assertThat(rendered)
        .isEqualTo(
            "<|im_start|>system\nAnswer with one word.<|im_end|>\n"
                + "<|im_start|>user\nWhat is shown?<|vision_start|><|image_pad|><|vision_end|><|im_end|>\n"
                + "<|im_start|>assistant\nA face.<|im_end|>\n"
                + "<|im_start|>user\nEmotion?<|im_end|>\n"
                + "<|im_start|>assistant\nhappy<|im_end|>\n");
  }

  @Test
  void onlyAssistantContentAndItsEndMarkAreTrained() {
    List<ChatTemplate.Piece> trained =
        ChatTemplate.pieces(List.of(ChatMessage.user("Hi"), ChatMessage.assistant("Hello.")), false).stream()
            .filter(ChatTemplate.Piece::trained)
            .toList();
    assertThat(trained)
        .containsExactly(
            new ChatTemplate.Piece(ChatTemplate.Kind.TEXT, "Hello.", true),
            new ChatTemplate.Piece(ChatTemplate.Kind.SPECIAL, "<|im_end|>", true));
  }

  @Test
  void llavaSpeakerNamesMapToRoles() {
    assertThat(ChatMessage.roleOf("human")).isEqualTo("user");
    assertThat(ChatMessage.roleOf("gpt")).isEqualTo("assistant");
  }
}
