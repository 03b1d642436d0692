package io.emoqwen.model.nn;

import static io.emoqwen.model.fixtures.TinyInputs.TINY;
import static io.emoqwen.model.fixtures.TinyInputs.aSequence;
import static io.emoqwen.model.fixtures.TinyInputs.aVideo;
import static io.emoqwen.model.fixtures.TinyInputs.anImage;
import static io.emoqwen.model.fixtures.TinyInputs.text;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.emoqwen.model.input.ModelInput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CachedDecodingTest {

  static NDManager manager;
  static EmotionQwen model;

  @BeforeAll
  static void model() {
    manager = NDManager.newBaseManager();
    model = EmotionQwen.initialise(TINY, 7, 0.1, manager);
  }

  @AfterAll
  static void close() {
    model.close();
    manager.close();
  }

  @Test
  void decodingTokenByTokenFromTheCacheGivesTheLogitsOfFullRecomputation() {
    ModelInput whole = aSequence(text(5, 1), List.of(anImage(12, 12, 2)), text(9, 3));
    int n = whole.inputIds().length;
    int prompt = n - 4;
    try (NDScope scope = new NDScope()) {
      float[][] full = rows(model.logits(model.forward(model.prepare(List.of(whole), null).inputs(), false)), n);

      KvCache cache = new KvCache(TINY.text().numLayers());
      ModelInput head = new ModelInput(Arrays.copyOf(whole.inputIds(), prompt), null, whole.visuals());
      float[][] prefill =
          rows(model.logits(model.forward(model.prepare(List.of(head), List.of(cache)).inputs(), false)), prompt);
      List<float[]> cached = new ArrayList<>(Arrays.asList(prefill));
      for (int i = prompt; i < n; i++) {
        DecoderInput next = model.continuation(new int[] {whole.inputIds()[i]}, cache);
        cached.add(rows(model.logits(model.forward(List.of(next), false)), 1)[0]);
      }
      assertThat(cache.length()).isEqualTo(n);
      for (int i = 0; i < n; i++) {
        assertClose(cached.get(i), full[i], 1e-4);
      }
      assertThat(spread(full[n - 1])).as("logits vary enough for the comparison to mean something").isGreaterThan(0.05);
      cache.close();
    }
  }

  @Test
  void aBatchOfRaggedSequencesGivesTheLogitsOfEachSequenceAlone() {
    List<ModelInput> inputs =
        List.of(
            aSequence(text(3, 4), List.of(aVideo(2, 4, 8, 1.5, 5)), text(6, 6)),
            ModelInput.textOnly(text(7, 7)),
            aSequence(text(2, 8), List.of(anImage(4, 4, 9), anImage(12, 8, 10)), text(1, 11)));
    try (NDScope scope = new NDScope()) {
      NDArray batched = model.logits(model.forward(model.prepare(inputs, null).inputs(), false));
      for (int i = 0; i < inputs.size(); i++) {
        int n = inputs.get(i).inputIds().length;
        float[][] alone = rows(model.logits(model.forward(model.prepare(List.of(inputs.get(i)), null).inputs(), false)), n);
        float[][] inBatch = rows(batched.get(i).expandDims(0), n);
        for (int t = 0; t < n; t++) {
          assertClose(inBatch[t], alone[t], 1e-4);
        }
      }
    }
  }

  /** The first n rows of (1, longest, vocab) logits. */
  static float[][] rows(NDArray logits, int n) {
    long vocab = logits.getShape().get(2);
    float[] flat = logits.get(0).get("0:" + n).toFloatArray();
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) {
      out[i] = Arrays.copyOfRange(flat, (int) (i * vocab), (int) ((i + 1) * vocab));
    }
    return out;
  }

  static void assertClose(float[] actual, float[] expected, double tolerance) {
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    }
    assertThat(worst).isLessThan(tolerance);
  }

  static double spread(float[] values) {
    double mean = 0;
    for (float v : values) {
      mean += v;
    }
    mean /= values.length;
    double var = 0;
    for (float v : values) {
      var += (v - mean) * (v - mean);
    }
    return Math.sqrt(var / values.length);
  }
}
