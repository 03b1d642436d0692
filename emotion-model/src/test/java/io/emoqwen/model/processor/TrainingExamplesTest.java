package io.emoqwen.model.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.model.input.ModelInput;
import io.emoqwen.model.media.TestMedia;
import io.emoqwen.model.text.QwenTokenizer;
import io.emoqwen.model.text.SpecialTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingExamplesTest {

  @TempDir static Path media;
  static QwenTokenizer tokenizer;
  static ModelInputs inputs;
  static VisionProcessor processor;

  @BeforeAll
  static void setUp() {
    TestMedia.video(media.resolve("sample_00000648.mp4"), 75, 25, 160, 120); // 3 s
    TestMedia.png(media.resolve("face.png"), 200, 150);
    tokenizer = QwenTokenizer.small();
    inputs = new ModelInputs(tokenizer);
    processor = new VisionProcessor(ProcessorConfig.small());
  }

  @AfterAll
  static void tearDown() {
    tokenizer.close();
  }

  static TrainingRecord record(String json) throws Exception {
    return TrainingRecord.of(new ObjectMapper().readTree(json));
  }

  static TrainingRecord videoRecord() throws Exception {
    return record(
        """
        {"id": "sample_00000648", "video": "sample_00000648.mp4",
         "conversations": [
           {"role": "user", "content": "<video>\\nThe subtitle of this video is: Don't talk to me! What emotion?"},
           {"role": "assistant", "content": "In the video, he roared. Therefore: angry!"}]}
        """);
  }

  TrainingExamples examples(int maxLength) {
    return new TrainingExamples(inputs, processor, media, maxLength, VideoSampling.defaults(processor.config()));
  }

  @Test
  void theBudgetEqualsTheTokensActuallyProduced() throws Exception {
    TrainingRecord image =
        record(
            """
            {"id": 7, "image": {"a": "face.png"}, "conversations": [
              {"from": "human", "value": "<image>\\nDescribe the emotional state of the person in the image."},
              {"from": "gpt", "value": "The person looks happy."}]}
            """);
    for (TrainingRecord r : List.of(videoRecord(), image)) {
      TokenBudget budget = examples(2048).budget(r);
      ModelInput input = examples(2048).build(r);
      assertThat(input.inputIds()).hasSize(budget.total());
      int pad = r.video() ? tokenizer.special().videoPad() : tokenizer.special().imagePad();
      assertThat(Arrays.stream(input.inputIds()).filter(id -> id == pad).count()).isEqualTo(budget.visualTokens());
      assertThat(input.visuals()).hasSize(1);
      assertThat(input.visuals().get(0).tokenCount()).isEqualTo(budget.visualTokens());
    }
  }

  @Test
  void aVideoSampleFollowsTheSmallConfiguration() throws Exception {
    ModelInput input = examples(2048).build(videoRecord());
    var visual = input.visuals().get(0);
    // 3 s at 2 fps = 6 frames (3 temporal patches); 160x120 rounds to 168x112, inside [12544, 25088]
    assertThat(visual.video()).isTrue();
    assertThat(visual.gridT()).isEqualTo(3);
    SmartResize.Size size = SmartResize.resize(120, 160, 28, 12544, 25088);
    assertThat(visual.gridH()).isEqualTo(size.height() / 14);
    assertThat(visual.gridW()).isEqualTo(size.width() / 14);
    assertThat(visual.secondsPerGridT()).isEqualTo(1.0);
  }

  @Test
  void labelsCoverOnlyTheAssistantReply() throws Exception {
    ModelInput input = examples(2048).build(videoRecord());
    int[] ids = input.inputIds();
    int[] labels = input.labels();
    int[] trained = java.util.stream.IntStream.range(0, ids.length).filter(i -> labels[i] != ModelInput.IGNORE).toArray();
    assertThat(trained).isNotEmpty();
    for (int i : trained) {
      assertThat(labels[i]).isEqualTo(ids[i]);
    }
    int[] trainedIds = Arrays.stream(trained).map(i -> ids[i]).toArray();
    assertThat(tokenizer.decode(trainedIds, false)).isEqualTo("In the video, he roared. Therefore: angry!" + SpecialTokens.IM_END);
    // the trained run is contiguous and ends one token before the final newline
    assertThat(trained[trained.length - 1] - trained[0] + 1).isEqualTo(trained.length);
    assertThat(trained[trained.length - 1]).isEqualTo(ids.length - 2);
  }

  @Test
  void aSampleOverTheLimitIsRefusedNamingTheBudget() throws Exception {
    TokenBudget budget = examples(2048).budget(videoRecord());
    assertThatThrownBy(() -> examples(budget.total() - 1).build(videoRecord()))
        .isInstanceOf(SampleRejectedException.class)
        .hasMessageContaining("sample_00000648")
        .hasMessageContaining("needs " + budget.total() + " tokens")
        .hasMessageContaining(budget.visualTokens() + " visual")
        .hasMessageContaining("model_max_length " + (budget.total() - 1))
        .hasMessageContaining("refused rather than truncated");
    assertThat(examples(budget.total()).build(videoRecord()).inputIds()).hasSize(budget.total());
  }

  @Test
  void placeholdersAndMediaMustAgree() throws Exception {
    TrainingRecord twoPlaceholders =
        record(
            """
            {"id": "x", "video": "sample_00000648.mp4", "conversations": [
              {"role": "user", "content": "<video><video> compare"}, {"role": "assistant", "content": "same"}]}
            """);
    assertThatThrownBy(() -> examples(2048).build(twoPlaceholders))
        .isInstanceOf(SampleRejectedException.class)
        .hasMessageContaining("2 <image>/<video> placeholder(s) but 1 visual input(s)");
    TrainingRecord wrongKind =
        record(
            """
            {"id": "y", "image": "face.png", "conversations": [
              {"role": "user", "content": "<video> what?"}, {"role": "assistant", "content": "a face"}]}
            """);
    assertThatThrownBy(() -> examples(2048).build(wrongKind)).hasMessageContaining("is <video> but visual input 1 is an image");
  }

  @Test
  void mediaOutsideTheMediaFolderAreRefused() throws Exception {
    TrainingRecord escape =
        record(
            """
            {"id": "z", "image": "../../etc/passwd", "conversations": [
              {"role": "user", "content": "<image>"}, {"role": "assistant", "content": "no"}]}
            """);
    assertThatThrownBy(() -> examples(2048).build(escape)).hasMessageContaining("leaves the media folder");
  }

  @Test
  void aTrainingFileIsAListOfRecords() throws Exception {
    Path file = Files.writeString(media.resolve("train.json"), "[" + """
        {"id": "a", "video": {"clip": "sample_00000648.mp4"}, "conversations": [
          {"role": "user", "content": "<video>\\nEmotion?"}, {"role": "assistant", "content": "angry"}]}
        """ + "]");
    List<TrainingRecord> records = TrainingRecord.readAll(file);
    assertThat(records).hasSize(1);
    assertThat(records.get(0).video()).isTrue();
    assertThat(records.get(0).media()).containsExactly("sample_00000648.mp4");
    assertThat(records.get(0).messages()).hasSize(2);
  }
}
