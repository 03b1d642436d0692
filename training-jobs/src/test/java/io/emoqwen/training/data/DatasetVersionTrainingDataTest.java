package io.emoqwen.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.datasets.DatasetKeys;
import io.emoqwen.core.datasets.DatasetKind;
import io.emoqwen.core.datasets.DatasetManifest;
import io.emoqwen.core.datasets.DatasetManifests;
import io.emoqwen.core.datasets.ReadyDatasetVersions;
import io.emoqwen.core.datasets.ShardCache;
import io.emoqwen.core.datasets.SourceFormat;
import io.emoqwen.core.jobs.JobExceptions.PermanentFailure;
import io.emoqwen.core.testing.TestCore;
import io.emoqwen.model.input.ModelInput;
import io.emoqwen.model.input.VisualInput;
import io.emoqwen.model.input.VisualInputCodec;
import io.emoqwen.model.processor.ModelInputs;
import io.emoqwen.model.text.QwenTokenizer;
import io.emoqwen.training.TestStores;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Samples from a READY version written the way ingest writes one (manifest + shard in S3, version row). */
class DatasetVersionTrainingDataTest {

  static TestCore core;
  static ArtifactStore store;
  static UUID tenant;
  static UUID otherTenant;
  static QwenTokenizer tokenizer;
  @TempDir static Path cache;

  @BeforeAll
  static void start() {
    core = TestCore.fresh(Clock.systemUTC());
    store = TestStores.fresh("tdata");
    tenant = core.newTenant(5);
    otherTenant = core.newTenant(5);
    tokenizer = QwenTokenizer.small();
  }

  @AfterAll
  static void stop() {
    core.close();
  }

  DatasetVersionTrainingData data() {
    return new DatasetVersionTrainingData(new ReadyDatasetVersions(core.jdbc, core.transactions, store),
        new ShardCache(store, cache.resolve("shards"), 1 << 30), () -> new ModelInputs(tokenizer));
  }

  @Test
  void readsEveryRecordWithItsShardEntryAndLabelsOnlyTheAssistantTurn() throws Exception {
    Written v = write(tenant, "READY", true);
    List<ModelInput> samples = data().samples(tenant, List.of(v.versionId));

    assertThat(samples).hasSize(2);
    // the records point at entries 1 and 0 (not in order), so the lookup by entry is what is tested
    assertThat(samples.get(0).visuals()).hasSize(1);
    assertThat(samples.get(0).visuals().get(0).patches()).isEqualTo(v.decoded.get(1).patches());
    assertThat(samples.get(1).visuals().get(0).patches()).isEqualTo(v.decoded.get(0).patches());
    String answer = tokenizer.decode(labelled(samples.get(0)), true);
    assertThat(answer).startsWith("happy").doesNotContain("Which emotion");
    assertThat(tokenizer.decode(labelled(samples.get(1)), true)).startsWith("sad");
    // a second read comes from the local shard cache, and gives the same samples
    assertThat(Files.list(cache.resolve("shards")).count()).isEqualTo(1);
    assertThat(data().samples(tenant, List.of(v.versionId)).get(0).inputIds()).isEqualTo(samples.get(0).inputIds());
  }

  @Test
  void refusesVersionsThatAreNotReadyOrBelongToAnotherTenantOrWhoseManifestChanged() throws Exception {
    Written pending = write(tenant, "PENDING", true);
    assertThatThrownBy(() -> data().samples(tenant, List.of(pending.versionId)))
        .isInstanceOf(PermanentFailure.class).hasMessageContaining("not READY");

    Written foreign = write(otherTenant, "READY", true);
    assertThatThrownBy(() -> data().samples(tenant, List.of(foreign.versionId)))
        .isInstanceOf(PermanentFailure.class).hasMessageContaining("does not exist");

    Written tampered = write(tenant, "READY", false);
    assertThatThrownBy(() -> data().samples(tenant, List.of(tampered.versionId)))
        .isInstanceOf(PermanentFailure.class).hasMessageContaining("SHA-256");
  }

  static int[] labelled(ModelInput input) {
    List<Integer> ids = new ArrayList<>();
    for (int label : input.labels()) {
      if (label != ModelInput.IGNORE) {
        ids.add(label);
      }
    }
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }

  record Written(UUID versionId, List<VisualInput> decoded) {}

  /** A two-record image version; {@code honestHash=false} records a SHA-256 the manifest does not have. */
  static Written write(UUID tenantId, String state, boolean honestHash) throws Exception {
    UUID datasetId = UUID.randomUUID();
    UUID versionId = UUID.randomUUID();
    List<VisualInput> images = List.of(image(1), image(2));
    ByteArrayOutputStream shardBytes = new ByteArrayOutputStream();
    VisualInputCodec.write(shardBytes, images);
    byte[] shard = shardBytes.toByteArray();
    List<VisualInput> decoded = VisualInputCodec.readAll(new ByteArrayInputStream(shard));
    String shardPath = DatasetKeys.shardPath(datasetId, 1, 0);
    store.put(io.emoqwen.core.artifacts.ArtifactKey.of(tenantId, shardPath), shard);

    var summary = DatasetManifest.Summary.of();
    DatasetManifest manifest = new DatasetManifest(DatasetManifest.FORMAT_VERSION, datasetId, 1,
        DatasetKind.EMOTION_IMAGES, SourceFormat.values()[0],
        new DatasetManifest.FrameSettings(2, 50_176, 4, 16, 3136, 50_176, 200_000, 3136, 50_176, 2048),
        new DatasetManifest.Counts(2, 2, 0, 2, 0, 1),
        new DatasetManifest.Stats(Map.of(), Map.of(), summary, summary, summary, summary, summary),
        List.of(new DatasetManifest.Shard(0, shardPath, 2, shard.length, DatasetManifests.sha256(shard))),
        List.of(record("a", 1, "happy"), record("b", 0, "sad")), null);
    byte[] json = DatasetManifests.write(manifest);
    store.put(DatasetKeys.manifest(tenantId, datasetId, 1), json);
    String sha = honestHash ? DatasetManifests.sha256(json) : DatasetManifests.sha256(new byte[] {1});
    core.transactions.inTenant(tenantId, () -> {
      core.jdbc.sql("INSERT INTO datasets (id, tenant_id, name, kind) VALUES (:id, :t, :n, 'emotion_images')")
          .param("id", datasetId).param("t", tenantId).param("n", "faces-" + datasetId).update();
      return core.jdbc.sql("INSERT INTO dataset_versions (id, tenant_id, dataset_id, version, state, manifest_key,"
              + " manifest_sha256) VALUES (:id, :t, :d, 1, :s, :k, :sha)")
          .param("id", versionId).param("t", tenantId).param("d", datasetId).param("s", state)
          .param("k", DatasetKeys.manifest(tenantId, datasetId, 1).value()).param("sha", sha).update();
    });
    return new Written(versionId, decoded);
  }

  static DatasetManifest.Record record(String id, int entry, String label) {
    var media = new DatasetManifest.MediaRef(id + ".png", false, "00", 0, entry, 56, 56, 0, 0, 1, 1, 1, 4, 4, 4);
    return new DatasetManifest.Record(id, entry, List.of(
        new DatasetManifest.Turn("user", "<image>\nWhich emotion does the face show?"),
        new DatasetManifest.Turn("assistant", label)), label, Map.of(), List.of(media),
        new DatasetManifest.Tokens(20, 4));
  }

  static VisualInput image(long seed) {
    Random random = new Random(seed);
    float[] patches = new float[4 * 4 * VisualInput.PATCH_ROW_WIDTH];
    for (int i = 0; i < patches.length; i++) {
      patches[i] = (float) random.nextGaussian();
    }
    return new VisualInput(patches, 1, 4, 4, false, 0);
  }
}
