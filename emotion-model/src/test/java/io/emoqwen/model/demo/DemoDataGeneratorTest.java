package io.emoqwen.model.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.emoqwen.model.input.ModelInput;
import io.emoqwen.model.media.RgbImage;
import io.emoqwen.model.media.VideoDecoder;
import io.emoqwen.model.processor.ModelInputs;
import io.emoqwen.model.processor.ProcessorConfig;
import io.emoqwen.model.processor.TrainingExamples;
import io.emoqwen.model.processor.TrainingRecord;
import io.emoqwen.model.processor.VideoSampling;
import io.emoqwen.model.processor.VisionProcessor;
import io.emoqwen.model.text.QwenTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDataGeneratorTest {

  @TempDir static Path dir;
  static DemoData data;

  @BeforeAll
  static void draw() {
    data = new DemoDataGenerator(DemoSpec.tiny(11)).writeTo(dir.resolve("a"));
  }

  @Test
  void theSameSeedWritesTheSameBytes() throws IOException {
    DemoData again = new DemoDataGenerator(DemoSpec.tiny(11).withCounts(1, 1, 1, 2, 1)).writeTo(dir.resolve("b"));
    for (DemoSplit split : DemoSplit.values()) {
      String media = again.records(split).get(0).media().get(0);
      assertThat(Files.readAllBytes(again.root().resolve(media))).as(media)
          .isEqualTo(Files.readAllBytes(data.root().resolve(media)));
    }
  }

  @Test
  void aRelativeRootWorksAsTheStandalonePlatformsDefaultDataDirGivesIt() {
    // ./data is the default data dir; Files.createDirectories hands back an absolute path when it creates parents,
    // and a relative root cannot relativize that: demo seeding failed on a newcomer's first start.
    Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve("relative").toAbsolutePath());
    assertThat(relative.isAbsolute()).isFalse();
    DemoData written = new DemoDataGenerator(DemoSpec.tiny(11).withCounts(1, 1, 1, 1, 1)).writeTo(relative);
    for (DemoSplit split : DemoSplit.values()) {
      String media = written.records(split).get(0).media().get(0);
      assertThat(Path.of(media).isAbsolute()).as(media).isFalse();
      assertThat(written.root().resolve(media)).as(media).isRegularFile();
    }
  }

  @Test
  void everySplitHoldsEveryEmotionEquallyOften() {
    for (DemoSplit split : List.of(DemoSplit.EMOTION_IMAGES, DemoSplit.VER_TRAIN, DemoSplit.VER_EVAL)) {
      long[] counts = new long[DemoEmotion.values().length];
      data.labels().get(split).values().forEach(e -> counts[e.ordinal()]++);
      assertThat(Arrays.stream(counts).distinct().count()).as(split.name()).isEqualTo(1);
      assertThat(counts[0]).isPositive();
    }
  }

  @Test
  void clipsAreRealMpeg4WithEveryFrameAndFeedTheTrainingPath() {
    TrainingRecord clip = data.records(DemoSplit.VER_TRAIN).get(0);
    Path file = data.root().resolve(clip.media().get(0));
    List<RgbImage> frames = VideoDecoder.readFrames(file, new int[] {0, 7});
    assertThat(frames).hasSize(2);
    assertThat(frames.get(0).width()).isEqualTo(112);

    ProcessorConfig config = ProcessorConfig.small();
    try (QwenTokenizer tokenizer = QwenTokenizer.small()) {
      TrainingExamples examples = new TrainingExamples(new ModelInputs(tokenizer), new VisionProcessor(config),
          data.root(), 4096, VideoSampling.defaults(config));
      ModelInput input = examples.build(clip);
      assertThat(input.visuals().get(0).video()).isTrue();
      long trained = Arrays.stream(input.labels()).filter(l -> l != ModelInput.IGNORE).count();
      assertThat(trained).isGreaterThan(tokenizer.encode(DemoEmotion.HAPPY.describeEn()).length);
      ModelInput picture = examples.build(data.records(DemoSplit.EMOTION_IMAGES).get(3));
      assertThat(picture.visuals().get(0).video()).isFalse();
    }
  }

  @Test
  void theSameLookWithDifferentEmotionsGivesDifferentFacesAndRecordsSayWhichInBothLanguages() {
    Set<String> pictures = new HashSet<>();
    for (DemoEmotion emotion : DemoEmotion.values()) {
      FaceLook look = FaceLook.random(112, 1, new SplittableRandom(3));
      RgbImage face = FacePainter.paint(look, emotion, 0, 1.0, new SplittableRandom(4));
      pictures.add(Arrays.toString(face.rgb()));
    }
    assertThat(pictures).hasSize(7);
    String zh = data.records(DemoSplit.VER_TRAIN).get(1).messages().get(3).content();
    assertThat(zh).isEqualTo(DemoEmotion.SAD.describeZh()).contains("悲伤");
    assertThat(data.records(DemoSplit.VER_EVAL).get(0).id()).startsWith("ver_eval-");
  }

  @Test
  void facesAreAlignedAsFaceCropsAreAndStayWhollyInThePictureOverAClip() {
    int size = 112;
    int frames = 16;
    Set<String> places = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      FaceLook look = FaceLook.random(size, frames, new SplittableRandom(i));
      assertThat(look.radius()).isBetween(0.38 * size, 0.45 * size);
      for (int f : new int[] {0, frames - 1}) {
        double x = look.x() + look.dx() * f;
        double y = look.y() + look.dy() * f;
        assertThat(Math.max(Math.abs(x - size / 2.0), Math.abs(y - size / 2.0))).isLessThanOrEqualTo(0.06 * size);
        assertThat(Math.min(Math.min(x, y), size - Math.max(x, y))).as("margin").isGreaterThanOrEqualTo(look.radius());
      }
      places.add(look.placeName());
    }
    assertThat(places).as("captions still tell places apart").contains("in the centre", "a little to the upper left");
  }
}
