package io.emoqwen.datasets.importers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Labelled evaluation clips in Emotion-Qwen JSONL: the optional {@code label} reaches the record, checked. */
class EmotionQwenJsonLabelTest {

  private static final String TURNS =
      "\"conversations\":[{\"from\":\"human\",\"value\":\"<video>\\nHow does the person feel?\"},"
          + "{\"from\":\"gpt\",\"value\":\"sad\"}]";

  @Test
  void a_records_label_is_kept_in_lower_case_and_a_record_without_one_has_none() {
    ImportedRecords imported = EmotionQwenJsonImporter.readLines("records.jsonl", (
        "{\"id\":\"c1\",\"video\":\"c1.mp4\",\"label\":\"Sad\"," + TURNS + "}\n"
            + "{\"id\":\"c2\",\"video\":\"c2.mp4\"," + TURNS + "}\n").getBytes(StandardCharsets.UTF_8));

    assertThat(imported.records()).extracting(SourceRecord::label).containsExactly("sad", null);
    assertThat(imported.records()).allMatch(r -> r.problems().isEmpty());
  }

  @Test
  void a_label_that_is_not_text_is_an_error_naming_the_field() {
    ImportedRecords imported = EmotionQwenJsonImporter.readLines("records.jsonl",
        ("{\"id\":\"c1\",\"video\":\"c1.mp4\",\"label\":7," + TURNS + "}\n").getBytes(StandardCharsets.UTF_8));

    assertThat(imported.records().get(0).problems()).singleElement()
        .satisfies(e -> assertThat(e.field()).isEqualTo("label"));
  }
}
