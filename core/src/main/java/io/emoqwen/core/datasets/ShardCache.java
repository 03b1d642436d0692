package io.emoqwen.core.datasets;

import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.jobs.JobExceptions.PermanentFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local copies of dataset shards, the training-ready files ingest wrote, for the workers that read them record by
 * record (training, offline inference). A shard is downloaded once, checked against the SHA-256 its manifest
 * names before it is kept, and kept under that hash: shards never change, so a kept copy is good until evicted.
 * Naming by content shares a copy between jobs and tenants without sharing data: a copy is served only to a
 * manifest that names its exact hash, which only a tenant holding that very content has.
 *
 * <p>Beyond {@code maxBytes} the least recently read shards that nobody is reading are deleted, so a worker that
 * goes through many datasets does not fill its disk. Copies found at start are ranked by their file time.
 */
public final class ShardCache {

  private static final Logger log = LoggerFactory.getLogger(ShardCache.class);
  private static final String SUFFIX = ".eqv";
  /** A download until its hash is checked; ArtifactStore's own partial file adds ".partial" to this name. */
  private static final String INCOMING = ".incoming";

  /** Reads what it needs from a local shard file; the file stays in place until it returns. */
  @FunctionalInterface
  public interface ShardReader<T> {
    T read(Path file) throws IOException;
  }

  private final ArtifactStore store;
  private final Path root;
  private final long maxBytes;
  /** SHA-256 -> bytes, least recently read first; null until the directory was scanned. */
  private LinkedHashMap<String, Long> kept;
  private final Map<String, Integer> readers = new HashMap<>();
  private long keptBytes;

  public ShardCache(ArtifactStore store, Path root, long maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("a shard cache needs a positive size, not " + maxBytes);
    }
    this.store = store;
    this.root = root;
    this.maxBytes = maxBytes;
  }

  /**
   * Runs {@code reader} on the local copy of one of the tenant's shards, downloading it first when it is not here.
   *
   * @throws PermanentFailure when the stored shard is not the one the manifest names (SHA-256 differs)
   */
  public <T> T read(UUID tenantId, DatasetManifest.Shard shard, ShardReader<T> reader) {
    Path file = pin(tenantId, shard);
    try {
      return reader.read(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read shard " + shard.path(), e);
    } finally {
      unpin(shard.sha256());
    }
  }

  /** Bytes of the shards kept now. */
  public synchronized long keptBytes() {
    index();
    return keptBytes;
  }

  private synchronized Path pin(UUID tenantId, DatasetManifest.Shard shard) {
    Map<String, Long> index = index();
    String sha256 = shard.sha256();
    Path file = root.resolve(sha256 + SUFFIX);
    // get() also marks the shard as just read (access order)
    if (index.get(sha256) == null || !Files.exists(file)) {
      keep(sha256, download(tenantId, shard, file));
    }
    readers.merge(sha256, 1, Integer::sum);
    evictBeyondLimit();
    return file;
  }

  private synchronized void unpin(String sha256) {
    readers.computeIfPresent(sha256, (k, n) -> n == 1 ? null : n - 1);
    evictBeyondLimit();
  }

  /** Downloads beside the kept name and moves it there only once its hash is the manifest's. */
  private long download(UUID tenantId, DatasetManifest.Shard shard, Path file) {
    Path incoming = file.resolveSibling(file.getFileName() + INCOMING);
    try {
      String received = store.download(shard.key(tenantId), incoming).sha256();
      if (!received.equals(shard.sha256())) {
        Files.deleteIfExists(incoming);
        throw new PermanentFailure("shard " + shard.path() + " has SHA-256 " + received + ", its manifest says "
            + shard.sha256());
      }
      Files.move(incoming, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep shard " + shard.path(), e);
    }
  }

  private void keep(String sha256, long bytes) {
    Long before = kept.put(sha256, bytes);
    keptBytes += bytes - (before == null ? 0 : before);
  }

  private void evictBeyondLimit() {
    Iterator<Map.Entry<String, Long>> oldestFirst = kept.entrySet().iterator();
    while (keptBytes > maxBytes && oldestFirst.hasNext()) {
      Map.Entry<String, Long> entry = oldestFirst.next();
      if (readers.containsKey(entry.getKey())) {
        continue;
      }
      try {
        Files.deleteIfExists(root.resolve(entry.getKey() + SUFFIX));
        oldestFirst.remove();
        keptBytes -= entry.getValue();
      } catch (IOException e) {
        log.warn("could not evict shard {} from {}", entry.getKey(), root, e);
      }
    }
  }

  /** The kept shards, scanned from disk on first use (oldest file first); leftovers of cut downloads go. */
  private LinkedHashMap<String, Long> index() {
    if (kept != null) {
      return kept;
    }
    kept = new LinkedHashMap<>(16, 0.75f, true);
    keptBytes = 0;
    try {
      Files.createDirectories(root);
      try (Stream<Path> files = Files.list(root)) {
        for (Path file : files.sorted(Comparator.comparing(ShardCache::fileTime)).toList()) {
          String name = file.getFileName().toString();
          if (name.endsWith(SUFFIX)) {
            keep(name.substring(0, name.length() - SUFFIX.length()), Files.size(file));
          } else if (name.endsWith(INCOMING) || name.endsWith(INCOMING + ".partial")) {
            Files.deleteIfExists(file);
          }
        }
      }
    } catch (IOException e) {
      kept = null;
      throw new UncheckedIOException("cannot read the shard cache " + root, e);
    }
    evictBeyondLimit();
    return kept;
  }

  private static long fileTime(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }
}
