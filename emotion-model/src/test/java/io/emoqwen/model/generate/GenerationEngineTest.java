package io.emoqwen.model.generate;

import static io.emoqwen.model.fixtures.TinyInputs.TINY;
import static io.emoqwen.model.fixtures.TinyInputs.aSequence;
import static io.emoqwen.model.fixtures.TinyInputs.anImage;
import static io.emoqwen.model.fixtures.TinyInputs.text;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.emoqwen.model.input.ModelInput;
import io.emoqwen.model.nn.EmotionQwen;
import io.emoqwen.model.score.LabelScorer;
import io.emoqwen.model.score.LabelScores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GenerationEngineTest {

  static NDManager manager;
  static EmotionQwen model;

  @BeforeAll
  static void model() {
    manager = NDManager.newBaseManager();
    model = EmotionQwen.initialise(TINY, 11, 0.3, manager);
  }

  @AfterAll
  static void close() {
    model.close();
    manager.close();
  }

  @Test
  void batchedGreedyGenerationEqualsEachSequenceGeneratedAlone() {
    List<ModelInput> inputs =
        List.of(
            aSequence(text(4, 1), List.of(anImage(4, 4, 2)), text(3, 3)),
            ModelInput.textOnly(text(9, 4)),
            ModelInput.textOnly(text(2, 5)));
    SamplingParams greedy = SamplingParams.greedy(6);
    List<Generation> together = new GenerationEngine(model, null).generate(inputs, greedy);
    for (int i = 0; i < inputs.size(); i++) {
      Generation alone = new GenerationEngine(model, null).generate(List.of(inputs.get(i)), greedy).get(0);
      assertThat(together.get(i).tokens()).isEqualTo(alone.tokens());
      assertThat(together.get(i).reason()).isEqualTo(FinishReason.LENGTH);
    }
  }

  @Test
  void aSequenceAddedBetweenStepsAndOneRemovedLeaveTheOthersUnchanged() {
    SamplingParams greedy = SamplingParams.greedy(5);
    ModelInput a = ModelInput.textOnly(text(6, 6));
    ModelInput b = ModelInput.textOnly(text(3, 7));
    ModelInput c = ModelInput.textOnly(text(8, 8));
    int[] expected = new GenerationEngine(model, null).generate(List.of(a), greedy).get(0).tokens();

    GenerationEngine engine = new GenerationEngine(model, null);
    List<Integer> streamed = new ArrayList<>();
    long idA = engine.add(a, greedy, (id, token) -> streamed.add(token));
    long idB = engine.add(b, greedy, TokenListener.NONE);
    engine.step();
    engine.step();
    assertThat(engine.remove(idB)).isTrue();
    engine.add(c, greedy, TokenListener.NONE);
    List<Generation> done = new ArrayList<>();
    while (!engine.isIdle()) {
      done.addAll(engine.step());
    }
    Generation genA = done.stream().filter(g -> g.id() == idA).findFirst().orElseThrow();
    assertThat(genA.tokens()).isEqualTo(expected);
    assertThat(streamed).containsExactlyElementsOf(Arrays.stream(expected).boxed().toList());
    assertThat(done).hasSize(2);
  }

  @Test
  void stopsAtEosAndAtStopStrings() {
    ModelInput prompt = ModelInput.textOnly(text(5, 9));
    int[] free = new GenerationEngine(model, null).generate(List.of(prompt), SamplingParams.greedy(6)).get(0).tokens();

    Generation atEos = new GenerationEngine(model, null).generate(List.of(prompt), SamplingParams.greedy(6, free[2])).get(0);
    assertThat(atEos.reason()).isEqualTo(FinishReason.EOS);
    assertThat(atEos.tokens()).isEqualTo(Arrays.copyOf(free, Arrays.asList(free[0], free[1]).contains(free[2])
        ? Arrays.asList(free[0], free[1]).indexOf(free[2]) : 2));

    java.util.function.Function<int[], String> decode =
        ids -> Arrays.stream(ids).mapToObj(i -> "<" + i + ">").collect(Collectors.joining());
    String stop = "<" + free[3] + ">";
    Generation atStop =
        new GenerationEngine(model, decode)
            .generate(List.of(prompt), SamplingParams.greedy(6).withStopStrings(List.of(stop))).get(0);
    assertThat(atStop.reason()).isEqualTo(FinishReason.STOP_STRING);
    assertThat(atStop.text()).doesNotContain(stop);
    assertThat(decode.apply(free)).startsWith(atStop.text() + stop);
  }

  @Test
  void samplingWithTheSameSeedRepeatsAndTopKOneIsGreedy() {
    ModelInput prompt = ModelInput.textOnly(text(5, 10));
    SamplingParams sample = new SamplingParams(true, 1.5, 20, 0.9, 1.05, 8, new int[0], List.of(), 42);
    int[] first = new GenerationEngine(model, null).generate(List.of(prompt), sample).get(0).tokens();
    int[] second = new GenerationEngine(model, null).generate(List.of(prompt), sample).get(0).tokens();
    assertThat(first).isEqualTo(second);
    SamplingParams topOne = new SamplingParams(true, 0.1, 1, 0.001, 1.0, 8, new int[0], List.of(), 1);
    assertThat(new GenerationEngine(model, null).generate(List.of(prompt), topOne).get(0).tokens())
        .isEqualTo(new GenerationEngine(model, null).generate(List.of(prompt), SamplingParams.greedy(8)).get(0).tokens());
  }

  @Test
  void labelProbabilitiesComeFromSequenceLikelihoodsInOneBatch() {
    ModelInput prompt = aSequence(text(3, 11), List.of(anImage(4, 4, 12)), text(4, 13));
    List<int[]> labels = List.of(new int[] {10}, new int[] {20, 21, 22}, new int[] {30, 31});
    LabelScores scores = new LabelScorer(model).score(prompt, labels);
    assertThat(Arrays.stream(scores.probabilities()).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));

    // each label's log-likelihood equals the sum of its tokens' log-probabilities from full recomputation
    for (int i = 0; i < labels.size(); i++) {
      int[] label = labels.get(i);
      int[] ids = new int[prompt.inputIds().length + label.length];
      System.arraycopy(prompt.inputIds(), 0, ids, 0, prompt.inputIds().length);
      System.arraycopy(label, 0, ids, prompt.inputIds().length, label.length);
      ModelInput whole = new ModelInput(ids, null, prompt.visuals());
      double expected = 0;
      try (NDScope scope = new NDScope()) {
        float[] logProbs =
            model.logits(model.forward(model.prepare(List.of(whole), null).inputs(), false))
                .logSoftmax(2).toFloatArray();
        int vocab = TINY.text().vocabSize();
        for (int j = 0; j < label.length; j++) {
          int position = prompt.inputIds().length - 1 + j;
          expected += logProbs[position * vocab + label[j]];
        }
      }
      assertThat(scores.logLikelihoods()[i]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4));
    }
  }
}
