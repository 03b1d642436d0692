package io.emoqwen.inference.cache;

import io.emoqwen.core.artifacts.ArtifactKey;
import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.artifacts.ArtifactStore.ListedArtifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints copied from S3 to local disk: every object under the checkpoint's prefix is downloaded with its
 * SHA-256 verified (ArtifactStore refuses a corrupt object), into a staging directory that becomes the
 * checkpoint's directory only when complete, so a crash never leaves a half checkpoint that looks whole.
 * Beyond {@code maxBytes} the least recently used checkpoints not in use are deleted.
 */
public final class CheckpointCache {

  private static final Logger log = LoggerFactory.getLogger(CheckpointCache.class);
  private static final String COMPLETE = ".complete";

  private final ArtifactStore store;
  private final Path root;
  private final long maxBytes;
  private final Set<Path> pinned = ConcurrentHashMap.newKeySet();

  public CheckpointCache(ArtifactStore store, Path root, long maxBytes) {
    this.store = store;
    this.root = root;
    this.maxBytes = maxBytes;
  }

  /** The local directory of a checkpoint, downloading it first when absent; pinned until {@link #release}. */
  public synchronized Path fetch(UUID tenantId, UUID checkpointId) {
    Path dir = root.resolve(tenantId.toString()).resolve(checkpointId.toString());
    pinned.add(dir);
    try {
      if (!Files.exists(dir.resolve(COMPLETE))) {
        download(ArtifactKey.of(tenantId, "checkpoints", checkpointId.toString()), dir);
      }
      Files.setLastModifiedTime(dir.resolve(COMPLETE), FileTime.from(Instant.now()));
      evictBeyondLimit();
      return dir;
    } catch (IOException e) {
      pinned.remove(dir);
      throw new UncheckedIOException("cannot cache checkpoint " + checkpointId, e);
    } catch (RuntimeException e) {
      pinned.remove(dir);
      throw e;
    }
  }

  /** The checkpoint is no longer loaded: it may be evicted. */
  public synchronized void release(Path dir) {
    pinned.remove(dir);
    evictBeyondLimit();
  }

  public long sizeOnDisk() {
    return entries().stream().mapToLong(Entry::bytes).sum();
  }

  private void download(ArtifactKey prefix, Path dir) throws IOException {
    List<ListedArtifact> objects = store.list(prefix);
    if (objects.isEmpty()) {
      throw new CheckpointMissingException("no files under " + prefix.value());
    }
    Path staging = dir.resolveSibling(dir.getFileName() + ".staging");
    deleteTree(staging);
    String base = prefix.value().endsWith("/") ? prefix.value() : prefix.value() + "/";
    for (ListedArtifact object : objects) {
      String relative = object.key().value().substring(base.length());
      Path target = staging.resolve(relative).normalize();
      if (!target.startsWith(staging)) {
        throw new IllegalStateException("object " + object.key() + " would land outside the cache");
      }
      store.download(object.key(), target);
    }
    Files.writeString(staging.resolve(COMPLETE), "");
    deleteTree(dir);
    Files.move(staging, dir);
    log.info("cached checkpoint {} ({} files)", prefix.value(), objects.size());
  }

  private void evictBeyondLimit() {
    List<Entry> entries = entries();
    long total = entries.stream().mapToLong(Entry::bytes).sum();
    for (Entry entry : entries.stream().sorted(Comparator.comparing(Entry::lastUsed)).toList()) {
      if (total <= maxBytes) {
        return;
      }
      if (pinned.contains(entry.dir())) {
        continue;
      }
      try {
        deleteTree(entry.dir());
        total -= entry.bytes();
        log.info("evicted cached checkpoint {}", entry.dir());
      } catch (IOException e) {
        log.warn("could not evict {}", entry.dir(), e);
      }
    }
  }

  private record Entry(Path dir, long bytes, Instant lastUsed) {}

  private List<Entry> entries() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> tenants = Files.list(root)) {
      return tenants.filter(Files::isDirectory).flatMap(CheckpointCache::children)
          .filter(dir -> Files.exists(dir.resolve(COMPLETE)))
          .map(dir -> new Entry(dir, sizeOf(dir), lastUsed(dir)))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Stream<Path> children(Path dir) {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(Files::isDirectory).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Instant lastUsed(Path dir) {
    try {
      return Files.getLastModifiedTime(dir.resolve(COMPLETE)).toInstant();
    } catch (IOException e) {
      return Instant.EPOCH;
    }
  }

  private static long sizeOf(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The checkpoint has no files in S3 (never uploaded, or deleted). */
  public static final class CheckpointMissingException extends RuntimeException {
    public CheckpointMissingException(String message) {
      super(message);
    }
  }
}
