package io.emoqwen.datasets.importers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.emoqwen.core.datasets.DatasetManifest.Turn;
import io.emoqwen.core.datasets.ValidationReport.RecordError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Emotion-Qwen training records, {@code {id, image | video, conversations}}, as a JSON list or one per line
 * (JSONL). Turns are {@code {role, content}} or LLaVA's {@code {from, value}} ({@code human}/{@code gpt}).
 * Everything wrong with a record is collected as a field-level error instead of stopping at the first.
 */
final class EmotionQwenJsonImporter {

  /** Real records nest three levels deep; anything far deeper is hostile or broken. */
  static final int MAX_NESTING = 32;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_TRAILING_COMMA)
      .build();

  static {
    JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build());
  }

  private EmotionQwenJsonImporter() {}

  static ImportedRecords readList(String file, byte[] content) {
    SourceText source = SourceText.decode(content);
    JsonNode root;
    try {
      root = JSON.readTree(source.text());
    } catch (JsonProcessingException e) {
      return ImportedRecords.fileError(file, "not valid JSON: " + brief(e));
    }
    if (root == null || !root.isArray()) {
      return ImportedRecords.fileError(file, "an Emotion-Qwen training file is a JSON list of records");
    }
    List<SourceRecord> records = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      records.add(record(i, root.get(i), source));
    }
    return new ImportedRecords(records, List.of());
  }

  static ImportedRecords readLines(String file, byte[] content) {
    SourceText source = SourceText.decode(content);
    List<SourceRecord> records = new ArrayList<>();
    String[] lines = source.text().split("\r?\n", -1);
    int index = 0;
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      try (JsonParser parser = JSON.createParser(line)) {
        JsonNode node = JSON.readTree(parser);
        records.add(record(index, node, source));
      } catch (Exception e) {
        records.add(broken(index, "line " + (index + 1) + " is not valid JSON: " + brief(e)));
      }
      index++;
    }
    return new ImportedRecords(records, List.of());
  }

  private static SourceRecord broken(int index, String reason) {
    return new SourceRecord(index, null, false, "record", List.of(), List.of(), null, Map.of(),
        List.of(new RecordError(index, null, "record", reason)));
  }

  private static SourceRecord record(int index, JsonNode node, SourceText source) {
    if (node == null || !node.isObject()) {
      return broken(index, "a record is a JSON object {id, image | video, conversations}");
    }
    List<RecordError> problems = new ArrayList<>();
    JsonNode idNode = node.get("id");
    String id = idNode != null && (idNode.isTextual() || idNode.isIntegralNumber()) ? idNode.asText() : null;
    if (id == null || id.isBlank()) {
      problems.add(new RecordError(index, null, "id", "every record needs a text or integer id"));
      id = null;
    } else if (source.damaged(id)) {
      problems.add(new RecordError(index, id, "id", "text is not valid UTF-8"));
    }
    boolean video = node.has("video");
    String mediaField = video ? "video" : "image";
    if (video && node.has("image")) {
      problems.add(new RecordError(index, id, "image", "a record holds images or a video, not both"));
    }
    List<String> media = new ArrayList<>();
    JsonNode mediaNode = node.get(mediaField);
    if (mediaNode != null && mediaNode.isTextual()) {
      media.add(mediaNode.asText());
    } else if (mediaNode != null && mediaNode.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = mediaNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        if (entry.getValue().isTextual()) {
          media.add(entry.getValue().asText());
        } else {
          problems.add(new RecordError(index, id, mediaField + "." + entry.getKey(), "a media path must be text"));
        }
      }
    } else if (mediaNode != null && !mediaNode.isNull()) {
      problems.add(new RecordError(index, id, mediaField, "must be a path or a name->path map"));
    }
    List<Turn> turns = new ArrayList<>();
    JsonNode conversations = node.get("conversations");
    if (conversations == null || !conversations.isArray() || conversations.isEmpty()) {
      problems.add(new RecordError(index, id, "conversations", "a non-empty list of turns is required"));
    } else {
      for (int t = 0; t < conversations.size(); t++) {
        JsonNode turn = conversations.get(t);
        String at = "conversations[" + t + "]";
        JsonNode speaker = turn.has("role") ? turn.get("role") : turn.get("from");
        JsonNode content = turn.has("content") ? turn.get("content") : turn.get("value");
        String role = speaker != null && speaker.isTextual() ? role(speaker.asText()) : null;
        if (role == null) {
          problems.add(new RecordError(index, id, at + ".role",
              "role must be user/assistant/system (or human/gpt), got " + (speaker == null ? "nothing" : speaker)));
        }
        if (content == null || !content.isTextual()) {
          problems.add(new RecordError(index, id, at + ".content", "every turn needs text content"));
        } else if (source.damaged(content.asText())) {
          problems.add(new RecordError(index, id, at + ".content", "text is not valid UTF-8"));
        }
        if (role != null && content != null && content.isTextual()) {
          turns.add(new Turn(role, content.asText()));
        }
      }
    }
    for (String name : media) {
      if (source.damaged(name)) {
        problems.add(new RecordError(index, id, mediaField, "media name is not valid UTF-8"));
      }
    }
    return new SourceRecord(index, id, video, mediaField, media, turns, label(node, index, id, source, problems),
        Map.of(), problems);
  }

  /**
   * The platform's one addition to the format: an optional {@code label} naming the record's emotion, which an
   * evaluation of labelled clips scores against (the published files carry it in a separate label file instead).
   */
  private static String label(JsonNode node, int index, String id, SourceText source, List<RecordError> problems) {
    JsonNode label = node.get("label");
    if (label == null || label.isNull()) {
      return null;
    }
    if (!label.isTextual() || label.asText().isBlank()) {
      problems.add(new RecordError(index, id, "label", "must be a non-empty text naming the emotion"));
      return null;
    }
    if (source.damaged(label.asText())) {
      problems.add(new RecordError(index, id, "label", "text is not valid UTF-8"));
      return null;
    }
    return label.asText().trim().toLowerCase(Locale.ROOT);
  }

  private static String role(String speaker) {
    return switch (speaker) {
      case "user", "human" -> "user";
      case "assistant", "gpt" -> "assistant";
      case "system" -> "system";
      default -> null;
    };
  }

  private static String brief(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int cut = message.indexOf('\n');
    return cut > 0 ? message.substring(0, cut) : message;
  }
}
