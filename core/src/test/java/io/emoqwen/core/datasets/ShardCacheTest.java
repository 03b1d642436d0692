package io.emoqwen.core.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emoqwen.core.artifacts.ArtifactKey;
import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.jobs.JobExceptions.PermanentFailure;
import io.emoqwen.core.testing.TestArtifactStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local shard copies of the workers, against the embedded S3 server. */
class ShardCacheTest {

  static ArtifactStore store;
  static final UUID TENANT = UUID.randomUUID();
  @TempDir Path root;

  @BeforeAll
  static void start() {
    store = TestArtifactStores.fresh("shards");
  }

  @Test
  void aShardIsDownloadedOnceAndThenReadFromDisk() {
    DatasetManifest.Shard shard = stored("a", 1000, 1);
    ShardCache cache = new ShardCache(store, root, 10_000);
    assertThat(cache.read(TENANT, shard, Files::readAllBytes)).isEqualTo(content(1000, 1));

    store.delete(shard.key(TENANT)); // a second read that went to S3 would fail now
    assertThat(cache.read(TENANT, shard, Files::readAllBytes)).isEqualTo(content(1000, 1));
    assertThat(cache.keptBytes()).isEqualTo(1000);
  }

  @Test
  void aShardWhoseContentIsNotTheManifestsFailsTheJobAndIsNotKept() {
    DatasetManifest.Shard honest = stored("b", 500, 2);
    DatasetManifest.Shard lying = new DatasetManifest.Shard(0, honest.path(), 1, 500, DatasetManifests.sha256(new byte[] {9}));
    ShardCache cache = new ShardCache(store, root, 10_000);

    assertThatThrownBy(() -> cache.read(TENANT, lying, Files::readAllBytes))
        .isInstanceOf(PermanentFailure.class).hasMessageContaining("SHA-256");
    assertThat(cache.keptBytes()).isZero();
    assertThat(root.toFile().list()).isEmpty();
  }

  @Test
  void beyondItsSizeTheLeastRecentlyReadShardGoesButNeverOneBeingRead() {
    DatasetManifest.Shard a = stored("c", 400, 3);
    DatasetManifest.Shard b = stored("d", 400, 4);
    DatasetManifest.Shard c = stored("e", 400, 5);
    ShardCache cache = new ShardCache(store, root, 1000);
    cache.read(TENANT, a, Files::size);
    cache.read(TENANT, b, Files::size);
    cache.read(TENANT, a, Files::size); // a is now more recent than b
    cache.read(TENANT, c, Files::size);

    assertThat(kept()).containsExactlyInAnyOrder(a.sha256() + ".eqv", c.sha256() + ".eqv");
    assertThat(cache.keptBytes()).isEqualTo(800);

    // While a reader holds c, reading b and a pushes past the limit: c stays until its reader is done.
    cache.read(TENANT, c, file -> {
      cache.read(TENANT, b, Files::size);
      cache.read(TENANT, a, Files::size);
      assertThat(Files.readAllBytes(file)).isEqualTo(content(400, 5));
      return null;
    });
    assertThat(cache.keptBytes()).isLessThanOrEqualTo(1000);
    assertThat(kept()).hasSize(2).contains(a.sha256() + ".eqv");
  }

  @Test
  void aNewCacheOnTheSameFolderKeepsWhatIsThereAndClearsCutDownloads() throws Exception {
    DatasetManifest.Shard shard = stored("f", 300, 6);
    new ShardCache(store, root, 10_000).read(TENANT, shard, Files::size);
    Files.write(root.resolve("0123.eqv.incoming"), new byte[] {1, 2, 3});

    ShardCache restarted = new ShardCache(store, root, 10_000);
    assertThat(restarted.keptBytes()).isEqualTo(300);
    assertThat(kept()).containsExactly(shard.sha256() + ".eqv");
    store.delete(shard.key(TENANT));
    assertThat(restarted.read(TENANT, shard, Files::readAllBytes)).isEqualTo(content(300, 6));
  }

  private DatasetManifest.Shard stored(String name, int size, int seed) {
    byte[] content = content(size, seed);
    String path = "datasets/" + UUID.randomUUID() + "/" + name + ".eqv";
    store.put(ArtifactKey.of(TENANT, path), content);
    return new DatasetManifest.Shard(0, path, 1, size, DatasetManifests.sha256(content));
  }

  private static byte[] content(int size, int seed) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) seed);
    return bytes;
  }

  private String[] kept() {
    return Arrays.stream(root.toFile().list()).filter(n -> n.endsWith(".eqv")).toArray(String[]::new);
  }
}
