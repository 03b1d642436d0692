package io.emoqwen.training.worker;

import io.emoqwen.core.artifacts.ArtifactKey;
import io.emoqwen.core.artifacts.ArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Model checkpoints in S3 under {@code checkpoints/ID/} (the tenant-relative storage prefix) and their local
 * cache: a checkpoint is downloaded once per worker, every file checksum-verified, and marked complete last.
 */
public final class CheckpointFiles {

  private static final String COMPLETE = ".complete";

  private final ArtifactStore store;
  private final Path cacheRoot;

  public CheckpointFiles(ArtifactStore store, Path cacheRoot) {
    this.store = store;
    this.cacheRoot = cacheRoot;
  }

  static String storagePrefix(UUID checkpointId) {
    return "checkpoints/" + checkpointId;
  }

  /** The checkpoint's files in the local cache, downloaded when missing. */
  public synchronized Path fetch(UUID tenantId, UUID checkpointId, String storagePrefix) throws IOException {
    Path dir = cacheRoot.resolve(tenantId.toString()).resolve(checkpointId.toString());
    if (Files.exists(dir.resolve(COMPLETE))) {
      return dir;
    }
    Files.createDirectories(dir);
    ArtifactKey prefix = ArtifactKey.of(tenantId, storagePrefix);
    for (ArtifactStore.ListedArtifact artifact : store.list(prefix)) {
      String relative = artifact.key().value().substring(prefix.value().length() + 1);
      Path target = dir.resolve(relative).normalize();
      Files.createDirectories(target.getParent());
      store.download(artifact.key(), target);
    }
    Files.writeString(dir.resolve(COMPLETE), "");
    return dir;
  }

  /** Uploads a written checkpoint folder; returns its size in bytes. */
  long publish(UUID tenantId, UUID checkpointId, Path dir) {
    long total = 0;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String relative = dir.relativize(file).toString();
        total += store.put(ArtifactKey.of(tenantId, storagePrefix(checkpointId), relative), file).size();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return total;
  }
}
