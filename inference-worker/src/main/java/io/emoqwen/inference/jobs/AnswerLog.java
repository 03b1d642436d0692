package io.emoqwen.inference.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.core.artifacts.ArtifactKey;
import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.jobs.JobContext;
import io.emoqwen.inference.jobs.RecordPass.Answer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers of one offline job, kept in S3 as the job goes, so that the next attempt (after a crash, a lost
 * lease, a preempted GPU node, or a retry of a failed or cancelled job) answers only the records the last one did
 * not: a benchmark pass of hours is not redone for a failure in its last minutes. Answers are written in parts of
 * {@code recordsPerPart} records, or sooner once the oldest unwritten one is {@code maxAge} old; a part is one S3
 * object, so an attempt that dies mid-write loses at most the answers since its last part. The job's payload never
 * changes, so what an earlier attempt answered is what this one would.
 */
final class AnswerLog {

  private static final Logger log = LoggerFactory.getLogger(AnswerLog.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RECORDS_PER_PART = 64;
  private static final Duration MAX_AGE = Duration.ofMinutes(1);
  /** Zero-padded, so the parts list in the order they were written. */
  private static final String PART_NAME = "part-%06d.jsonl";
  private static final Pattern PART = Pattern.compile("part-(\\d+)\\.jsonl");

  private final ArtifactStore store;
  private final ArtifactKey prefix;
  private final int recordsPerPart;
  private final Duration maxAge;
  private final List<Line> pending = new ArrayList<>();
  private long oldestPendingNanos;
  private int parts = -1; // until the saved answers are read: a part written before could overwrite one

  /** {@code index}: the record's place in the manifest, which names it even where ids repeat. */
  private record Line(int index, String id, Answer answer) {}

  /** The log of the job {@code context} runs, with the platform's part size and age. */
  static AnswerLog of(ArtifactStore store, JobContext context) {
    return new AnswerLog(store, context.job().tenantId(), context.job().id(), RECORDS_PER_PART, MAX_AGE);
  }

  AnswerLog(ArtifactStore store, UUID tenantId, UUID jobId, int recordsPerPart, Duration maxAge) {
    this.store = store;
    this.prefix = ArtifactKey.of(tenantId, "inference", "answers", jobId.toString());
    this.recordsPerPart = recordsPerPart;
    this.maxAge = maxAge;
  }

  /** What earlier attempts answered, by the record's index in the manifest. Read once, before any {@link #add}. */
  Map<Integer, Answer> saved() {
    Map<Integer, Answer> saved = new LinkedHashMap<>();
    List<ArtifactStore.ListedArtifact> objects = store.list(prefix).stream()
        .sorted(Comparator.comparing(o -> o.key().value())).toList();
    for (ArtifactStore.ListedArtifact object : objects) {
      String text = new String(store.read(object.key()), StandardCharsets.UTF_8);
      for (String json : text.lines().toList()) {
        try {
          Line line = JSON.readValue(json, Line.class);
          saved.put(line.index(), line.answer());
        } catch (IOException e) {
          throw new UncheckedIOException("unreadable saved answer in " + object.key(), e);
        }
      }
    }
    // after the highest part there is, not after their count: with a gap (attempts that overlapped after a lost
    // lease, a part deleted by hand) the next part would otherwise overwrite the last one
    parts = objects.stream().mapToInt(o -> partNumber(o.key())).max().orElse(-1) + 1;
    return saved;
  }

  private static int partNumber(ArtifactKey key) {
    Matcher part = PART.matcher(key.value().substring(key.value().lastIndexOf('/') + 1));
    return part.matches() ? Integer.parseInt(part.group(1)) : -1;
  }

  void add(int index, String recordId, Answer answer) {
    if (pending.isEmpty()) {
      oldestPendingNanos = System.nanoTime();
    }
    pending.add(new Line(index, recordId, answer));
    if (pending.size() >= recordsPerPart || System.nanoTime() - oldestPendingNanos >= maxAge.toNanos()) {
      flush();
    }
  }

  /** Writes what is pending as one more part. */
  void flush() {
    if (pending.isEmpty()) {
      return;
    }
    if (parts < 0) {
      throw new IllegalStateException("the saved answers are read before new ones are written");
    }
    ByteArrayOutputStream part = new ByteArrayOutputStream();
    try {
      for (Line line : pending) {
        part.write(JSON.writeValueAsBytes(line));
        part.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    store.put(prefix.child(String.format(PART_NAME, parts++)), part.toByteArray());
    pending.clear();
  }

  /**
   * The job's own result is stored: the saved answers are no longer needed. Best effort: answers left behind cost
   * storage, not correctness, and must not fail a job whose result is written.
   */
  void clear() {
    pending.clear();
    try {
      store.deleteAll(prefix);
    } catch (RuntimeException e) {
      log.warn("could not delete the saved answers under {}", prefix.value(), e);
    }
  }
}
