package io.emoqwen.core.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emoqwen.core.datasets.DatasetManifest.Counts;
import io.emoqwen.core.datasets.DatasetManifest.FrameSettings;
import io.emoqwen.core.datasets.DatasetManifest.MediaRef;
import io.emoqwen.core.datasets.DatasetManifest.Record;
import io.emoqwen.core.datasets.DatasetManifest.Shard;
import io.emoqwen.core.datasets.DatasetManifest.Stats;
import io.emoqwen.core.datasets.DatasetManifest.Summary;
import io.emoqwen.core.datasets.DatasetManifest.Text;
import io.emoqwen.core.datasets.DatasetManifest.Tokens;
import io.emoqwen.core.datasets.DatasetManifest.Turn;
import io.emoqwen.core.datasets.ValidationReport.InvalidRecordPolicy;
import io.emoqwen.core.datasets.ValidationReport.RecordError;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DatasetManifestsTest {

  static DatasetManifest aManifest() {
    UUID dataset = UUID.fromString("00000000-0000-0000-0000-0000000000d5");
    MediaRef clip = new MediaRef("clips/sample_1.mp4", true, "ab".repeat(32), 0, 0, 320, 240, 2.5, 10, 25, 6,
        3, 8, 10, 60);
    Record record = new Record("sample_1", 0,
        List.of(new Turn("user", "<video>\nWhat is the emotion?"), new Turn("assistant", "happy")), "happy",
        Map.of("en", new Text("happy", "Thanks!", "In the video, he smiles."),
            "zh", new Text("高兴", "谢谢！", "在视频中，他笑了。")),
        List.of(clip), new Tokens(40, 60));
    return new DatasetManifest(DatasetManifest.FORMAT_VERSION, dataset, 1, DatasetKind.VER_CLIPS,
        SourceFormat.EMER_CSV, new FrameSettings(2.0, 602_112, 4, 16, 12544, 25088, 200704, 12544, 50176, 4096),
        new Counts(2, 1, 1, 0, 1, 1),
        new Stats(Map.of("happy", 1), Map.of("en", 1, "zh", 1), Summary.of(2.5), Summary.of(6), Summary.of(40),
            Summary.of(60), Summary.of(100)),
        List.of(new Shard(0, DatasetKeys.shardPath(dataset, 1, 0), 1, 1234, "cd".repeat(32))),
        List.of(record), "ef".repeat(32));
  }

  @Test
  void aManifestSurvivesJsonUnchanged() {
    DatasetManifest manifest = aManifest();

    byte[] json = DatasetManifests.write(manifest);

    assertThat(DatasetManifests.read(json)).isEqualTo(manifest);
    assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"kind\" : \"ver_clips\"")
        .contains("\"sourceFormat\" : \"emer_csv\"").contains("在视频中");
  }

  @Test
  void theSameManifestAlwaysHashesTheSame() {
    assertThat(DatasetManifests.sha256(DatasetManifests.write(aManifest())))
        .isEqualTo(DatasetManifests.sha256(DatasetManifests.write(aManifest())))
        .hasSize(64);
  }

  @Test
  void shardPathsResolveUnderTheTenantAndNowhereElse() {
    UUID tenant = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    Shard shard = aManifest().shards().get(0);

    assertThat(shard.key(tenant).value())
        .isEqualTo("tenants/" + tenant + "/datasets/00000000-0000-0000-0000-0000000000d5/versions/1/shards/shard-00000.eqv");
    assertThat(DatasetKeys.manifest(tenant, aManifest().datasetId(), 1).value()).endsWith("/versions/1/manifest.json");
  }

  @Test
  void aManifestFromANewerWriterIsRefusedWithAClearMessage() {
    String newer = new String(DatasetManifests.write(aManifest()), StandardCharsets.UTF_8)
        .replace("\"formatVersion\" : 1", "\"formatVersion\" : 99");

    assertThatThrownBy(() -> DatasetManifests.read(newer.getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("newer than this reader");
  }

  @Test
  void aValidationReportRoundTrips() {
    ValidationReport report = new ValidationReport(InvalidRecordPolicy.KEEP_VALID, 3, 2,
        List.of(new RecordError(2, "x", "video", "media name ../x.mp4 leaves the upload")));

    assertThat(DatasetManifests.readReport(DatasetManifests.write(report))).isEqualTo(report);
    assertThat(new String(DatasetManifests.write(report), StandardCharsets.UTF_8)).contains("keep_valid");
  }
}
