package io.emoqwen.inference.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.emoqwen.core.datasets.DatasetManifest;
import io.emoqwen.core.inference.InferenceJobs.BatchPayload;
import io.emoqwen.core.inference.InferenceJobs.Question;
import io.emoqwen.model.text.ChatMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptsTest {

  /** A demo evaluation clip: the classification is answered before the description is asked. */
  static final DatasetManifest.Record CLIP = new DatasetManifest.Record("clip-1", 0, List.of(
      new DatasetManifest.Turn("user", "<video>\nWhich emotion does the person show?"),
      new DatasetManifest.Turn("assistant", "happy"),
      new DatasetManifest.Turn("user", "Describe the emotion of the person in the video."),
      new DatasetManifest.Turn("assistant", "The person smiles.")), "happy", Map.of(), List.of(), null);

  @Test
  void theFirstQuestionNeverHoldsAnAnswer() {
    assertThat(Prompts.firstQuestion(CLIP)).extracting(ChatMessage::content)
        .containsExactly("<video>\nWhich emotion does the person show?");
  }

  @Test
  void aConversationPromptKeepsEveryTurnBeforeTheLastAnswer() {
    assertThat(Prompts.of(CLIP)).extracting(ChatMessage::role).containsExactly("user", "assistant", "user");
  }

  @Test
  void aBatchAsksTheLastQuestionInItsConversationUnlessItAsksForTheFirst() {
    BatchPayload last = new BatchPayload(null, null, null, 8, List.of(), null);
    assertThat(BatchInferenceHandler.prompt(last, CLIP)).extracting(ChatMessage::role)
        .containsExactly("user", "assistant", "user");
    BatchPayload first = new BatchPayload(null, null, null, 8, List.of(), Question.FIRST);
    assertThat(BatchInferenceHandler.prompt(first, CLIP)).extracting(ChatMessage::content)
        .containsExactly("<video>\nWhich emotion does the person show?");
    BatchPayload firstReworded = new BatchPayload(null, null, "One word?", 8, List.of(), Question.FIRST);
    assertThat(BatchInferenceHandler.prompt(firstReworded, CLIP)).extracting(ChatMessage::content)
        .containsExactly("<video>\nOne word?");
  }

  @Test
  void replacedTextKeepsTheMediaPlaceholdersOfTheFirstQuestion() {
    assertThat(Prompts.replacingUserText(CLIP, Prompts.firstQuestion(CLIP), "在视频中？"))
        .extracting(ChatMessage::content).containsExactly("<video>\n在视频中？");
  }
}
