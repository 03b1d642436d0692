package io.emoqwen.model.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.model.text.ChatMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One record of an Emotion-Qwen training file: {@code {id, image | video, conversations}} where image/video is
 * one path or a name-to-path map (paths relative to the media folder), and each turn is {@code {role, content}}
 * or LLaVA's {@code {from, value}}, with {@code <image>}/{@code <video>} marking where the media go.
 *
 * @param id the record's id (for messages)
 * @param video whether the media are videos (else images; a record holds one kind, as in the reference)
 * @param media media paths in placeholder order, as written in the record
 * @param messages the conversation
 */
public record TrainingRecord(String id, boolean video, List<String> media, List<ChatMessage> messages) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public TrainingRecord {
    media = List.copyOf(media);
    messages = List.copyOf(messages);
  }

  /** All records of a training JSON file (a JSON list). */
  public static List<TrainingRecord> readAll(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read training records from " + file, e);
    }
    if (root == null || !root.isArray()) {
      throw new IllegalArgumentException(file + ": a training file is a JSON list of records");
    }
    List<TrainingRecord> out = new ArrayList<>(root.size());
    for (JsonNode node : root) {
      out.add(of(node));
    }
    return out;
  }

  public static TrainingRecord of(JsonNode node) {
    String id = node.path("id").asText("?");
    boolean video = node.has("video");
    JsonNode mediaNode = node.get(video ? "video" : "image");
    List<String> media = new ArrayList<>();
    if (mediaNode != null && mediaNode.isTextual()) {
      media.add(mediaNode.asText());
    } else if (mediaNode != null && mediaNode.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = mediaNode.fields(); it.hasNext(); ) {
        media.add(it.next().getValue().asText());
      }
    } else if (mediaNode != null && !mediaNode.isNull()) {
      throw new IllegalArgumentException("record " + id + ": '" + (video ? "video" : "image") + "' must be a path or a name->path map");
    }
    JsonNode turns = node.get("conversations");
    if (turns == null || !turns.isArray() || turns.isEmpty()) {
      throw new IllegalArgumentException("record " + id + " has no conversations");
    }
    List<ChatMessage> messages = new ArrayList<>();
    for (JsonNode turn : turns) {
      String speaker = (turn.has("role") ? turn.get("role") : turn.path("from")).asText();
      JsonNode content = turn.has("content") ? turn.get("content") : turn.get("value");
      if (content == null || !content.isTextual()) {
        throw new IllegalArgumentException("record " + id + ": every turn needs a text 'content' (or 'value')");
      }
      try {
        messages.add(new ChatMessage(ChatMessage.roleOf(speaker), content.asText()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("record " + id + ": " + e.getMessage(), e);
      }
    }
    return new TrainingRecord(id, video, media, messages);
  }
}
