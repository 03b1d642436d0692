package io.emoqwen.model.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emoqwen.model.media.RgbImage;
import io.emoqwen.model.processor.TrainingRecord;
import io.emoqwen.model.text.ChatMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws the demo data set: cartoon faces showing the seven DFEW emotions in varied colours, sizes, places,
 * motion and noise. Captioned pictures for stage 1, emotion pictures for stage 2, both mixed for stage 3,
 * MPEG-4 clips with bilingual descriptions for VER fine-tuning, and held-out clips for evaluation. Each
 * record draws from its own random stream (seed, split, index), so any record is reproducible on its own.
 */
public final class DemoDataGenerator {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final DemoSpec spec;

  public DemoDataGenerator(DemoSpec spec) {
    this.spec = spec;
  }

  /** {@code java ... DemoDataGenerator DIR [SEED]}: writes the standard demo data to DIR. */
  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: DemoDataGenerator DIR [SEED]");
      System.exit(2);
    }
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 7;
    DemoData data = new DemoDataGenerator(DemoSpec.standard(seed)).writeTo(Path.of(args[0]));
    data.records().forEach((split, list) -> System.out.println(split.fileName() + ": " + list.size() + " records"));
  }

  public DemoData writeTo(Path root) {
    Map<DemoSplit, List<TrainingRecord>> records = new EnumMap<>(DemoSplit.class);
    Map<DemoSplit, Map<String, DemoEmotion>> labels = new EnumMap<>(DemoSplit.class);
    try {
      for (DemoSplit split : DemoSplit.values()) {
        // Not createDirectories' result: it turns a relative path absolute when it creates parents, and a
        // relative root (./data, the default) could then not relativize the media paths.
        Path media = root.resolve("media").resolve(split.fileName());
        Files.createDirectories(media);
        ArrayNode file = JSON.createArrayNode();
        List<TrainingRecord> list = new ArrayList<>();
        Map<String, DemoEmotion> splitLabels = new LinkedHashMap<>();
        for (int i = 0; i < spec.count(split); i++) {
          ObjectNode node = drawRecord(split, i, media, root);
          file.add(node);
          list.add(TrainingRecord.of(node));
          if (node.has("label")) {
            splitLabels.put(node.get("id").asText(), DemoEmotion.ofLabel(node.get("label").asText()));
          }
        }
        JSON.writeValue(root.resolve(split.fileName() + ".json").toFile(), file);
        records.put(split, List.copyOf(list));
        labels.put(split, Map.copyOf(splitLabels));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the demo data under " + root, e);
    }
    return new DemoData(root, records, labels);
  }

  /** The emotion of record {@code index}: round robin, so every split is balanced. */
  public static DemoEmotion emotionOf(int index) {
    return DemoEmotion.values()[index % DemoEmotion.values().length];
  }

  private ObjectNode drawRecord(DemoSplit split, int index, Path media, Path root) {
    SplittableRandom random = new SplittableRandom(spec.seed() * 1_000_003L + split.ordinal() * 100_000L + index);
    DemoEmotion emotion = emotionOf(index);
    String id = split.fileName() + "-" + String.format("%05d", index);
    Path file = media.resolve(id + (split.video() ? ".mp4" : ".png"));
    String relative = root.relativize(file).toString();
    int frames = split.video() ? spec.framesPerClip() : 1;
    FaceLook look = FaceLook.random(spec.size(), frames, random);
    ObjectNode node = JSON.createObjectNode();
    node.put("id", id);
    node.put(split.video() ? "video" : "image", relative);
    ArrayNode turns = node.putArray("conversations");
    if (split.video()) {
      List<RgbImage> clip = new ArrayList<>(frames);
      for (int f = 0; f < frames; f++) {
        // the expression develops over the first half of the clip, as a real one does
        clip.add(FacePainter.paint(look, emotion, f, 0.35 + 0.65 * Math.min(1.0, f / (frames / 2.0)), random));
      }
      ClipWriter.mp4(file, clip, spec.fps());
      boolean chinese = index % 2 == 1;
      turn(turns, ChatMessage.USER, "<video>\n" + DemoPrompts.CLASSIFY);
      turn(turns, ChatMessage.ASSISTANT, emotion.label());
      turn(turns, ChatMessage.USER, chinese ? DemoPrompts.DESCRIBE_ZH : DemoPrompts.DESCRIBE_EN);
      turn(turns, ChatMessage.ASSISTANT, chinese ? emotion.describeZh() : emotion.describeEn());
    } else {
      // stage 1 pictures show calm faces: their captions are about looks, not emotions
      DemoEmotion shown = split == DemoSplit.CAPTIONS ? DemoEmotion.NEUTRAL : emotion;
      ClipWriter.png(file, FacePainter.paint(look, shown, 0, 0.7 + 0.3 * random.nextDouble(), random));
      String caption = "A " + look.sizeName() + " " + look.skinName() + " face " + look.placeName() + ", on a "
          + look.backgroundName() + " background.";
      switch (split) {
        case CAPTIONS -> {
          turn(turns, ChatMessage.USER, "<image>\n" + DemoPrompts.CAPTION);
          turn(turns, ChatMessage.ASSISTANT, caption);
        }
        case EMOTION_IMAGES -> {
          turn(turns, ChatMessage.USER, "<image>\n" + DemoPrompts.CLASSIFY);
          turn(turns, ChatMessage.ASSISTANT, emotion.label());
        }
        default -> {
          turn(turns, ChatMessage.USER, "<image>\n" + DemoPrompts.COLOUR);
          turn(turns, ChatMessage.ASSISTANT, look.skinName());
          turn(turns, ChatMessage.USER, DemoPrompts.CLASSIFY);
          turn(turns, ChatMessage.ASSISTANT, emotion.label());
        }
      }
    }
    if (split != DemoSplit.CAPTIONS) {
      node.put("label", emotion.label());
      node.put("label_zh", emotion.labelZh());
    }
    return node;
  }

  private static void turn(ArrayNode turns, String role, String content) {
    turns.addObject().put("role", role).put("content", content);
  }
}
