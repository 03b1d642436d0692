package io.emoqwen.datasets.ingest;

import static io.emoqwen.datasets.ingest.IngestTest.errorOf;
import static io.emoqwen.datasets.ingest.IngestTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.emoqwen.core.datasets.DatasetKind;
import io.emoqwen.core.datasets.IngestPayload;
import io.emoqwen.core.datasets.SourceFormat;
import io.emoqwen.core.datasets.ValidationReport;
import io.emoqwen.core.datasets.ValidationReport.InvalidRecordPolicy;
import io.emoqwen.core.datasets.ValidationReport.RecordError;
import io.emoqwen.core.jobs.JobWorker;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A corpus of bad inputs: each yields its own precise per-record error; "reject" leaves nothing but the report. */
class BadInputTest {

  @TempDir static Path work;
  static IngestFixture fixture;
  static JobWorker worker;

  @BeforeAll
  static void start() {
    fixture = new IngestFixture(work);
    worker = fixture.core.worker("datasets", List.of(fixture.handler), 1);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  static String video(String id, String media) {
    return "{\"id\": \"" + id + "\", \"video\": \"" + media + "\", \"conversations\": [{\"from\": \"human\", "
        + "\"value\": \"<video>\\nFeeling?\"}, {\"from\": \"gpt\", \"value\": \"happy\"}]}";
  }

  IngestFixture.Upload aCorpus() throws Exception {
    byte[] clip = IngestTest.CLIP;
    String deep = "[".repeat(200) + "]".repeat(200);
    String lines = String.join("\n",
        video("good", "good.mp4"),
        video("corrupt", "corrupt.mp4"),
        video("truncated", "truncated.mp4"),
        video("empty", "empty.mp4"),
        video("wrong-ext", "notes.txt"),
        video("still", "still.mp4"),
        "{\"id\": \"huge\", \"image\": \"huge.png\", \"conversations\": [{\"from\": \"human\", \"value\": \"<image>x\"}, {\"from\": \"gpt\", \"value\": \"y\"}]}",
        "{\"id\": \"deep\", \"video\": \"good.mp4\", \"conversations\": " + deep + "}",
        video("dotdot", "../../etc/passwd.mp4"),
        video("absolute", "/etc/clip.mp4"),
        video("good", "good.mp4"),
        "{\"id\": \"mismatch\", \"video\": \"good.mp4\", \"conversations\": [{\"from\": \"human\", \"value\": \"<video><video>two?\"}, {\"from\": \"gpt\", \"value\": \"no\"}]}",
        "{\"id\": \"roles\", \"video\": \"good.mp4\", \"conversations\": [{\"from\": \"gpt\", \"value\": \"<video>hi\"}, {\"from\": \"human\", \"value\": \"no\"}]}",
        video("bombed", "bomb/inner.mp4"));
    byte[] badUtf8 = utf8(video("utf8", "good.mp4").replace("happy", "hap\u0001py"));
    for (int i = 0; i < badUtf8.length; i++) {
      if (badUtf8[i] == 1) {
        badUtf8[i] = (byte) 0xC3; // a lead byte followed by ASCII: not UTF-8
      }
    }
    byte[] jsonl = concat(utf8(lines + "\n"), badUtf8);
    return fixture.new Upload(DatasetKind.MIXED_INSTRUCTIONS).with("train.jsonl", jsonl)
        .with("good.mp4", clip)
        .with("corrupt.mp4", corrupt(clip))
        .with("truncated.mp4", Arrays.copyOf(clip, clip.length / 3))
        .with("empty.mp4", new byte[0])
        .with("notes.txt", clip)
        .with("still.mp4", TestMedia.png(64, 48))
        .with("huge.png", hugePngHeader())
        .with("bomb.zip", zipBomb());
  }

  @Test
  void everyBadRecordGetsItsOwnErrorAndRejectLeavesOnlyTheReport() throws Exception {
    IngestPayload payload = aCorpus().version(1, SourceFormat.EMOTION_QWEN_JSONL, "train.jsonl", null,
        InvalidRecordPolicy.REJECT);

    worker.runOnce();

    assertThat(fixture.row(payload)).containsEntry("state", "REJECTED").containsEntry("valid_count", 0);
    assertThat(fixture.row(payload).get("manifest_key")).isNull();
    assertThat(fixture.objectsOf(payload)).containsExactly("validation-report.json");
    List<RecordError> errors = fixture.report(payload).errors();
    assertThat(errorOf(errors, "corrupt").reason()).contains("corrupt.mp4");
    assertThat(errorOf(errors, "truncated").field()).isEqualTo("video");
    assertThat(errorOf(errors, "empty").reason()).contains("empty (0 bytes)");
    assertThat(errorOf(errors, "wrong-ext").reason()).contains("extension '.txt'");
    assertThat(errorOf(errors, "still").reason()).contains("still image");
    assertThat(errorOf(errors, "huge").reason()).contains("20000x20000").contains("8192");
    assertThat(errors).anyMatch(e -> e.index() == 7 && e.reason().contains("not valid JSON") && e.reason().contains("nesting"));
    assertThat(errorOf(errors, "dotdot").reason()).contains("leaves the upload");
    assertThat(errorOf(errors, "absolute").reason()).contains("absolute");
    assertThat(errors).anyMatch(e -> "good".equals(e.recordId()) && e.field().equals("id") && e.reason().contains("duplicate"));
    assertThat(errorOf(errors, "mismatch").reason()).contains("2 <video> placeholder(s) for 1 medium");
    assertThat(errorOf(errors, "roles").field()).isEqualTo("conversations[0].role");
    assertThat(errorOf(errors, "utf8").reason()).contains("not valid UTF-8");
    assertThat(errors).anyMatch(e -> e.index() == -1 && e.field().equals("bomb.zip") && e.reason().contains("zip bomb"));
    assertThat(errorOf(errors, "bombed").reason()).contains("no such media file");
  }

  @Test
  void keepValidKeepsTheGoodRecordAndReportsTheRest() throws Exception {
    IngestPayload payload = aCorpus().version(1, SourceFormat.EMOTION_QWEN_JSONL, "train.jsonl", null,
        InvalidRecordPolicy.KEEP_VALID);

    worker.runOnce();

    assertThat(fixture.row(payload)).containsEntry("state", "READY").containsEntry("valid_count", 1)
        .containsEntry("record_count", 15).containsEntry("invalid_count", 14);
    assertThat(fixture.manifest(payload).records()).extracting(r -> r.id()).containsExactly("good");
    ValidationReport report = fixture.report(payload);
    assertThat(report.valid()).isEqualTo(1);
  }

  private static byte[] corrupt(byte[] clip) {
    byte[] out = clip.clone();
    for (int i = 64; i < out.length; i += 7) {
      out[i] = (byte) (out[i] ^ 0x5A);
    }
    return out;
  }

  /** A PNG header claiming 20000x20000 (the decoder must refuse it from the header, without the pixels). */
  private static byte[] hugePngHeader() throws Exception {
    byte[] png = TestMedia.png(8, 8);
    png[16] = 0; png[17] = 0; png[18] = 0x4E; png[19] = 0x20;
    png[20] = 0; png[21] = 0; png[22] = 0x4E; png[23] = 0x20;
    return png;
  }

  /** 64 MiB of zeros that compress to a few KiB. */
  private static byte[] zipBomb() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("bomb/inner.mp4"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
