package io.emoqwen.inference.jobs;

import io.emoqwen.core.datasets.DatasetManifest;
import io.emoqwen.model.text.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A record's conversation as a prompt: every turn before its last assistant answer (the answer is the truth). */
final class Prompts {

  private static final Pattern PLACEHOLDER = Pattern.compile("<(image|video)>");

  private Prompts() {}

  static List<ChatMessage> of(DatasetManifest.Record record) {
    List<DatasetManifest.Turn> turns = record.conversations();
    int end = turns.size();
    while (end > 0 && ChatMessage.ASSISTANT.equals(turns.get(end - 1).role())) {
      end--;
    }
    return messages(turns.subList(0, end));
  }

  /**
   * The record's first question: every turn before its first assistant answer. What an evaluation asks, since the
   * later turns of a multi-turn record follow answers that may give the truth away (a demo clip answers the
   * classification question before it is asked for a description).
   */
  static List<ChatMessage> firstQuestion(DatasetManifest.Record record) {
    List<DatasetManifest.Turn> turns = record.conversations();
    int end = 0;
    while (end < turns.size() && !ChatMessage.ASSISTANT.equals(turns.get(end).role())) {
      end++;
    }
    return messages(turns.subList(0, end));
  }

  private static List<ChatMessage> messages(List<DatasetManifest.Turn> turns) {
    List<ChatMessage> messages = new ArrayList<>();
    for (DatasetManifest.Turn turn : turns) {
      messages.add(new ChatMessage(turn.role(), turn.content()));
    }
    return messages;
  }

  /**
   * {@code prompt} (a prompt of {@code record}) with the text of its last user turn replaced: its media
   * placeholders stay, in their order, so the record's media still land where the model expects them.
   */
  static List<ChatMessage> replacingUserText(DatasetManifest.Record record, List<ChatMessage> prompt, String text) {
    List<ChatMessage> messages = new ArrayList<>(prompt);
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (ChatMessage.USER.equals(messages.get(i).role())) {
        StringBuilder content = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(messages.get(i).content());
        while (m.find()) {
          content.append(m.group()).append('\n');
        }
        messages.set(i, ChatMessage.user(content.append(text).toString()));
        return messages;
      }
    }
    throw new IllegalStateException("record " + record.id() + " has no user turn");
  }
}
