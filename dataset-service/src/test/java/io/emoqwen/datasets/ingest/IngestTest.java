package io.emoqwen.datasets.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.emoqwen.core.datasets.DatasetKind;
import io.emoqwen.core.datasets.DatasetManifest;
import io.emoqwen.core.datasets.DatasetManifest.MediaRef;
import io.emoqwen.core.datasets.DatasetManifests;
import io.emoqwen.core.datasets.IngestPayload;
import io.emoqwen.core.datasets.SourceFormat;
import io.emoqwen.core.datasets.ValidationReport.InvalidRecordPolicy;
import io.emoqwen.core.datasets.ValidationReport.RecordError;
import io.emoqwen.core.jobs.JobWorker;
import io.emoqwen.model.input.VisualInput;
import io.emoqwen.model.input.VisualInputCodec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestTest {

  static final Path FIXTURES = Path.of("../../shared/fixtures/emotion-qwen-eval").toAbsolutePath().normalize();
  static final byte[] CLIP = TestMedia.clip(64, 48, 10, 5, 1);

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

  @Test
  void anEmotionQwenJsonWithVideosAndImagesBecomesAReadyVersionWhoseShardsHoldEveryMedium() throws Exception {
    String json = """
        [{"id": "v1", "video": "clips/v1.mp4", "conversations": [
            {"from": "human", "value": "<video>\\nHow does he feel?"}, {"from": "gpt", "value": "He is happy."}]},
         {"id": "i1", "image": {"a": "pics/a.png", "b": "pics/b.png"}, "conversations": [
            {"role": "user", "content": "<image><image>Compare."}, {"role": "assistant", "content": "两张图都很平静。"}]}]
        """;
    var upload = fixture.new Upload(DatasetKind.MIXED_INSTRUCTIONS).with("train.json", utf8(json))
        .with("clips/v1.mp4", CLIP).with("pics/a.png", TestMedia.png(80, 60)).with("pics/b.png", TestMedia.png(40, 90));
    IngestPayload payload = upload.version(1, SourceFormat.EMOTION_QWEN_JSON, "train.json", null, InvalidRecordPolicy.REJECT);

    assertThat(worker.runOnce()).isEqualTo(1);

    Map<String, Object> row = fixture.row(payload);
    assertThat(row).containsEntry("state", "READY").containsEntry("valid_count", 2).containsEntry("invalid_count", 0);
    DatasetManifest manifest = fixture.manifest(payload);
    assertThat(row.get("manifest_sha256")).isEqualTo(DatasetManifests.sha256(
        fixture.store.read(io.emoqwen.core.artifacts.ArtifactKey.of(fixture.tenant, "datasets", payload.datasetId().toString(), "versions", "1", "manifest.json"))));
    assertThat(manifest.counts().videos()).isEqualTo(1);
    assertThat(manifest.counts().images()).isEqualTo(2);
    assertThat(manifest.stats().languages()).containsEntry("en", 1).containsEntry("zh", 1);
    for (DatasetManifest.Record record : manifest.records()) {
      assertThat(record.tokens().visual()).isEqualTo(record.media().stream().mapToInt(MediaRef::tokens).sum());
      for (MediaRef ref : record.media()) {
        VisualInput input = shardEntry(manifest, ref);
        assertThat(input.video()).isEqualTo(ref.video());
        assertThat(new int[] {input.gridT(), input.gridH(), input.gridW()})
            .containsExactly(ref.gridT(), ref.gridH(), ref.gridW());
        assertThat(input.tokenCount()).isEqualTo(ref.tokens());
      }
    }
    assertThat(fixture.objectsOf(payload)).containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.concat(
        java.util.stream.Stream.of("manifest.json", "validation-report.json"),
        manifest.shards().stream().map(s -> s.path().substring(s.path().indexOf("shards/")))).toList());
  }

  @Test
  void theRealDfewLabelFileImportsWithClipsNamedAfterItsIds() throws Exception {
    List<String> lines = Files.readAllLines(FIXTURES.resolve("dfew-set_1.csv")).subList(0, 6);
    var upload = fixture.new Upload(DatasetKind.EVAL_CLIPS).with("set_1.csv", utf8(String.join("\n", lines) + "\n"));
    for (String line : lines.subList(1, lines.size())) {
      upload.with(line.split(",")[0] + ".mp4", CLIP);
    }
    IngestPayload payload = upload.version(1, SourceFormat.DFEW_CSV, "set_1.csv", null, InvalidRecordPolicy.REJECT);

    worker.runOnce();

    assertThat(fixture.row(payload)).containsEntry("state", "READY").containsEntry("valid_count", 5);
    DatasetManifest manifest = fixture.manifest(payload);
    assertThat(manifest.records()).extracting(DatasetManifest.Record::id).containsExactly("1", "2", "4", "6", "7");
    assertThat(manifest.records().get(0).label()).isEqualTo("sad");
    assertThat(manifest.records().get(0).conversations().get(1).content()).isEqualTo("sad");
    assertThat(manifest.stats().labels().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(5);
    assertThat(manifest.frames().fps()).isEqualTo(2.0);
    assertThat(manifest.stats().frames().min()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void theRealEmerFilesImportAsOneBilingualRecordPerClip() throws Exception {
    List<String> en = Files.readAllLines(FIXTURES.resolve("emer-gt-eng.csv")).subList(0, 4);
    List<String> zh = Files.readAllLines(FIXTURES.resolve("emer-gt-chi.csv")).subList(0, 4);
    var upload = fixture.new Upload(DatasetKind.VER_CLIPS).with("en.csv", utf8(String.join("\n", en)))
        .with("zh.csv", utf8(String.join("\n", zh)));
    for (String line : en.subList(1, en.size())) {
      upload.with(line.split(",")[0] + ".mp4", CLIP);
    }
    IngestPayload payload = upload.version(1, SourceFormat.EMER_CSV, "en.csv", "zh.csv", InvalidRecordPolicy.REJECT);

    worker.runOnce();

    assertThat(fixture.row(payload)).containsEntry("state", "READY").containsEntry("valid_count", 3);
    DatasetManifest.Record first = fixture.manifest(payload).records().get(0);
    assertThat(first.id()).isEqualTo("sample_00000648");
    assertThat(first.texts().get("zh").label()).isEqualTo("生气");
    assertThat(first.texts().get("en").description()).startsWith("In the video");
    assertThat(first.conversations().get(0).content()).contains("Don't talk to me about feelings anymore.");
  }

  @Test
  void theRealMer2024FileImports() throws Exception {
    List<String> lines = Files.readAllLines(FIXTURES.resolve("mer2024-reference-semi.csv")).subList(0, 3);
    var upload = fixture.new Upload(DatasetKind.EVAL_CLIPS).with("semi.csv", utf8(String.join("\n", lines)));
    for (String line : lines.subList(1, lines.size())) {
      upload.with(line.split(",")[0] + ".mp4", CLIP);
    }
    IngestPayload payload = upload.version(1, SourceFormat.MER2024_CSV, "semi.csv", null, InvalidRecordPolicy.REJECT);

    worker.runOnce();

    assertThat(fixture.manifest(payload).stats().labels()).containsOnlyKeys("surprise", "worried");
  }

  static VisualInput shardEntry(DatasetManifest manifest, MediaRef ref) throws Exception {
    byte[] shard = fixture.store.read(manifest.shards().get(ref.shard()).key(fixture.tenant));
    return VisualInputCodec.readAll(new ByteArrayInputStream(shard)).get(ref.entry());
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static RecordError errorOf(List<RecordError> errors, String id) {
    return errors.stream().filter(e -> id.equals(e.recordId())).findFirst().orElseThrow(
        () -> new AssertionError("no error for " + id + " in " + errors));
  }
}
