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
    List<ChatMessage> messages = new ArrayList<>();
    for (DatasetManifest.Turn turn : turns.subList(0, end)) {
      messages.add(new ChatMessage(turn.role(), turn.content()));
    }
    return messages;
  }

  /**
   * The record's prompt with the text of its last user turn replaced: its media placeholders stay, in their order,
   * so the record's media still land where the model expects them.
   */
  static List<ChatMessage> replacingUserText(DatasetManifest.Record record, String text) {
    List<ChatMessage> messages = new ArrayList<>(of(record));
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
