package io.emoqwen.model.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QwenTokenizerTest {

  static QwenTokenizer small;

  @BeforeAll
  static void load() {
    small = QwenTokenizer.small();
  }

  @AfterAll
  static void close() {
    small.close();
  }

  @Test
  void theSmallTokenizerRoundTripsEnglishAndChinese() {
    for (String text :
        new String[] {
          "In the video, he roared, spoke passionately and stared with wide eyes. Therefore: anger!",
          "在视频中，他看起来很高兴。因此，推测他的情感状态为生气。",
          "Mixed 混合 text with digits 2024, emoji 🙂 and tabs\tand\nnewlines.",
        }) {
      int[] ids = small.encode(text);
      assertThat(java.util.Arrays.stream(ids).allMatch(id -> id >= 0 && id < 4096)).isTrue();
      assertThat(small.decode(ids, false)).isEqualTo(text);
    }
  }

  @Test
  void theSmallTokenizerLearnedTheBenchmarkWords() {
    // Trained on the label files: frequent words are single tokens, not byte soup.
    assertThat(small.encode(" happy")).hasSize(1);
    assertThat(small.encode("In the video,").length).isLessThanOrEqualTo(4);
  }

  @Test
  void theSmallTokenizerKeepsQwensSpecialTokensInQwensOrder() {
    SpecialTokens s = small.special();
    // Qwen: 151643..151656; small: the same order at the top of a 4096 vocabulary (offset 147561).
    assertThat(new int[] {s.endOfText(), s.imStart(), s.imEnd(), s.visionStart(), s.visionEnd(), s.imagePad(), s.videoPad()})
        .containsExactly(151643 - 147561, 151644 - 147561, 151645 - 147561, 151652 - 147561, 151653 - 147561,
            151655 - 147561, 151656 - 147561);
    assertThat(small.encode("<|im_start|>user\nhi<|im_end|>")).startsWith(s.imStart()).endsWith(s.imEnd());
    assertThat(small.modelMaxLength()).isEqualTo(2048);
  }

  @Test
  void longTextIsNeverTruncated() {
    String text = "happy sad neutral angry ".repeat(400);
    int[] ids = small.encode(text);
    assertThat(ids.length).isGreaterThan(1000);
    assertThat(small.decode(ids, false)).isEqualTo(text);
  }

  @Test
  void theRealQwenTokenizerHasTheKnownIds() {
    try (QwenTokenizer qwen = QwenTokenizer.load(RealQwenTokenizer.directory())) {
      SpecialTokens s = qwen.special();
      assertThat(s.imStart()).isEqualTo(151644);
      assertThat(s.imEnd()).isEqualTo(151645);
      assertThat(s.visionStart()).isEqualTo(151652);
      assertThat(s.visionEnd()).isEqualTo(151653);
      assertThat(s.imagePad()).isEqualTo(151655);
      assertThat(s.videoPad()).isEqualTo(151656);
      assertThat(s.endOfText()).isEqualTo(151643);
      assertThat(qwen.encode("Hello world")).containsExactly(9707, 1879);
      assertThat(qwen.encode("你好")).containsExactly(108386);
      String chinese = "在视频中，他看起来很高兴。";
      assertThat(qwen.decode(qwen.encode(chinese), false)).isEqualTo(chinese);
      assertThat(qwen.modelMaxLength()).isEqualTo(131072);
    }
  }
}
