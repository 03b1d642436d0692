package io.emoqwen.inference.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emoqwen.core.artifacts.ArtifactKey;
import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.testing.TestArtifactStores;
import io.emoqwen.inference.jobs.RecordPass.Answer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An offline job's answers kept in S3 for the next attempt, against the embedded S3 server. */
class AnswerLogTest {

  static ArtifactStore store;
  static final UUID TENANT = UUID.randomUUID();

  @BeforeAll
  static void start() {
    store = TestArtifactStores.fresh("answers");
  }

  static Answer answer(int n) {
    return new Answer("answer " + n, n, Map.of("happy", 0.25, "sad", 0.75), "sad");
  }

  @Test
  void answersAreWrittenInPartsAndTheNextAttemptReadsThemAllAndWritesAfterThem() {
    UUID job = UUID.randomUUID();
    AnswerLog first = new AnswerLog(store, TENANT, job, 2, Duration.ofHours(1));
    assertThat(first.saved()).isEmpty();
    first.add(0, "a", answer(0));
    first.add(1, "b", answer(1)); // a full part: written
    first.add(2, "c", answer(2)); // pending when the attempt dies
    assertThat(parts(job)).isEqualTo(1);

    AnswerLog second = new AnswerLog(store, TENANT, job, 2, Duration.ofHours(1));
    Map<Integer, Answer> saved = second.saved();
    assertThat(saved).containsOnlyKeys(0, 1);
    assertThat(saved.get(1)).isEqualTo(answer(1));
    second.add(2, "c", answer(2));
    second.flush();
    assertThat(parts(job)).isEqualTo(2);

    assertThat(new AnswerLog(store, TENANT, job, 2, Duration.ofHours(1)).saved()).containsOnlyKeys(0, 1, 2);
    second.clear();
    assertThat(parts(job)).isZero();
  }

  @Test
  void aNewPartGoesAfterTheHighestOneEvenWithAGapBeforeIt() {
    UUID job = UUID.randomUUID();
    AnswerLog first = new AnswerLog(store, TENANT, job, 1, Duration.ofHours(1));
    first.saved();
    first.add(0, "a", answer(0));
    first.add(1, "b", answer(1));
    first.add(2, "c", answer(2));
    store.delete(ArtifactKey.of(TENANT, "inference", "answers", job.toString(), "part-000001.jsonl"));

    AnswerLog next = new AnswerLog(store, TENANT, job, 1, Duration.ofHours(1));
    assertThat(next.saved()).containsOnlyKeys(0, 2);
    next.add(1, "b", answer(1));
    assertThat(new AnswerLog(store, TENANT, job, 1, Duration.ofHours(1)).saved()).containsOnlyKeys(0, 1, 2);
  }

  @Test
  void anAnswerAsOldAsTheMaximumAgeIsWrittenWithoutWaitingForAFullPart() {
    UUID job = UUID.randomUUID();
    // a zero age: every answer is old enough the moment it is added, so no clock has to pass in the test
    AnswerLog log = new AnswerLog(store, TENANT, job, 1000, Duration.ZERO);
    log.saved();
    log.add(0, "a", answer(0));
    assertThat(parts(job)).isEqualTo(1);
    log.add(1, "b", answer(1));
    assertThat(parts(job)).isEqualTo(2);
  }

  @Test
  void nothingIsWrittenBeforeTheSavedAnswersWereRead() {
    AnswerLog log = new AnswerLog(store, TENANT, UUID.randomUUID(), 1, Duration.ofHours(1));
    assertThatThrownBy(() -> log.add(0, "a", answer(0))).isInstanceOf(IllegalStateException.class);
  }

  private static int parts(UUID job) {
    return store.list(ArtifactKey.of(TENANT, "inference", "answers", job.toString())).size();
  }
}
