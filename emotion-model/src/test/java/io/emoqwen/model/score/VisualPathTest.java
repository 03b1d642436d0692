package io.emoqwen.model.score;

import static io.emoqwen.model.fixtures.TinyInputs.TINY;
import static io.emoqwen.model.fixtures.TinyInputs.aSequence;
import static io.emoqwen.model.fixtures.TinyInputs.anImage;
import static io.emoqwen.model.fixtures.TinyInputs.text;
import static io.emoqwen.model.fixtures.TinyInputs.withAnswerLabels;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.emoqwen.model.input.ModelInput;
import io.emoqwen.model.input.VisualInput;
import io.emoqwen.model.nn.EmotionQwen;
import io.emoqwen.model.nn.ParameterGroup;
import io.emoqwen.model.train.Trainer;
import io.emoqwen.model.train.TrainingConfig;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The image is the only thing that tells these samples apart: the same question, a different one-token answer
 * per image. Guards the whole visual path (vision encoder, compressor, placeholder replacement) in training
 * and in label scoring alike.
 */
class VisualPathTest {

  static final int[] BEFORE = text(3, 100);
  static final int[] QUESTION = text(5, 101);
  static final int IMAGES = 4;

  NDManager manager;
  EmotionQwen model;

  @BeforeEach
  void model() {
    manager = NDManager.newBaseManager();
    model = EmotionQwen.initialise(TINY, 11, manager);
  }

  @AfterEach
  void close() {
    model.close();
    manager.close();
  }

  static VisualInput image(int i) {
    return anImage(4, 4, 700 + i);
  }

  static ModelInput prompt(int i) {
    return aSequence(BEFORE, List.of(image(i)), QUESTION);
  }

  static int answer(int i) {
    return 20 + 7 * i;
  }

  static ModelInput trainingSample(int i) {
    int[] question = java.util.Arrays.copyOf(QUESTION, QUESTION.length + 1);
    question[QUESTION.length] = answer(i);
    return withAnswerLabels(aSequence(BEFORE, List.of(image(i)), question), 1);
  }

  @Test
  void placeholdersTakeTheVisualTokensInTrainingAndScoringInputsAlike() {
    try (NDScope scope = new NDScope()) {
      List<VisualInput> both = List.of(image(0), image(1));
      EmotionQwen.VisualTokens expected = model.encodeVisuals(both);
      assertThat(expected.tokens().get(0).sub(expected.tokens().get(1)).abs().max().getFloat())
          .as("two different images give different visual tokens").isGreaterThan(1e-3f);
      for (ModelInput input : List.of(trainingSample(1), prompt(1))) {
        NDArray embedded = model.prepare(List.of(input), null).inputs().get(0).embeddings();
        int[] ids = input.inputIds();
        List<Long> rows = new ArrayList<>();
        for (int t = 0; t < ids.length; t++) {
          if (TINY.tokens().isVisualPlaceholder(ids[t])) {
            rows.add((long) t);
          }
        }
        assertThat(rows).hasSize(image(1).tokenCount());
        NDArray placed = embedded.get(manager.create(rows.stream().mapToLong(Long::longValue).toArray()));
        assertThat(placed.sub(expected.tokens().get(1)).abs().max().getFloat()).isLessThan(1e-5f);
      }
    }
  }

  @Test
  void learnsAnAnswerThatOnlyTheImageGivesAway() {
    List<ModelInput> samples = new ArrayList<>();
    for (int i = 0; i < IMAGES; i++) {
      samples.add(trainingSample(i));
    }
    EnumSet<ParameterGroup> trained = EnumSet.complementOf(EnumSet.of(ParameterGroup.VPM));
    try (Trainer trainer = new Trainer(model, TrainingConfig.full(trained, 1e-2, 120).withSchedule(1e-2, 5, 120))) {
      for (int step = 0; step < 120 && trainer.step(samples).loss() > 0.05; step++) {
        // until each image's answer is learned
      }
    }
    List<int[]> answers = new ArrayList<>();
    for (int i = 0; i < IMAGES; i++) {
      answers.add(new int[] {answer(i)});
    }
    LabelScorer scorer = new LabelScorer(model);
    for (int i = 0; i < IMAGES; i++) {
      LabelScores scores = scorer.score(prompt(i), answers);
      assertThat(scores.best()).as("image " + i).isEqualTo(i);
      assertThat(scores.probabilities()[i]).as("image " + i).isGreaterThan(0.8);
    }
  }
}
