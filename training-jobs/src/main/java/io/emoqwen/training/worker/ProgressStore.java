package io.emoqwen.training.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.core.artifacts.ArtifactKey;
import io.emoqwen.core.artifacts.ArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A stage's resumable checkpoints in S3: each under {@code training/JOB/progress/step-N/} (trained tensors,
 * optimizer moments, step counters), then {@code latest.json} naming it. The pointer is written last and an
 * S3 PUT is atomic, so a reader never sees a half-written checkpoint.
 */
final class ProgressStore {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ArtifactStore store;

  ProgressStore(ArtifactStore store) {
    this.store = store;
  }

  /** A saved state: at which optimizer step, and where. */
  record Saved(int step, String folder) {}

  void save(UUID tenantId, UUID jobId, int step, Path stateDir) {
    String folder = String.format("step-%08d", step);
    ArtifactKey base = root(tenantId, jobId);
    try (Stream<Path> files = Files.list(stateDir)) {
      for (Path file : files.sorted().toList()) {
        store.put(base.child(folder, file.getFileName().toString()), file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String pointer = "{\"step\": " + step + ", \"folder\": \"" + folder + "\"}";
    store.put(base.child("latest.json"), pointer.getBytes(StandardCharsets.UTF_8));
  }

  Optional<Saved> latest(UUID tenantId, UUID jobId) {
    ArtifactKey pointer = root(tenantId, jobId).child("latest.json");
    if (store.sizeOf(pointer).isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(store.read(pointer));
      return Optional.of(new Saved(node.get("step").asInt(), node.get("folder").asText()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Downloads a saved state (each file checksum-verified) into {@code target}. */
  void download(UUID tenantId, UUID jobId, Saved saved, Path target) throws IOException {
    Files.createDirectories(target);
    ArtifactKey folder = root(tenantId, jobId).child(saved.folder());
    List<ArtifactStore.ListedArtifact> listed = store.list(folder);
    for (ArtifactStore.ListedArtifact artifact : listed) {
      String name = artifact.key().value().substring(artifact.key().value().lastIndexOf('/') + 1);
      store.download(artifact.key(), target.resolve(name));
    }
  }

  static ArtifactKey root(UUID tenantId, UUID jobId) {
    return ArtifactKey.of(tenantId, "training", jobId.toString(), "progress");
  }
}
