package io.emoqwen.model.nn;

import static io.emoqwen.model.fixtures.TinyInputs.TINY;
import static io.emoqwen.model.fixtures.TinyInputs.aSequence;
import static io.emoqwen.model.fixtures.TinyInputs.anImage;
import static io.emoqwen.model.fixtures.TinyInputs.text;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.emoqwen.model.input.ModelInput;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The decoder computes q, k and v in one product over their joined weights; adapters on only some of them
 * must still land on their own projection's columns.
 */
class LoraOnSomeProjectionsTest {

  private static final int RANK = 2;

  @Test
  void adaptersOnKeysOfOneLayerAndValuesOfAnotherGiveTheOutputOfTheirMergedWeights() {
    LoraSettings settings = new LoraSettings(RANK, 4, 0, Set.of("k_proj", "v_proj"));
    List<String> adapted = List.of("llm.layers.0.self_attn.k_proj", "llm.layers.1.self_attn.v_proj");
    ModelInput input = aSequence(text(4, 1), List.of(anImage(4, 4, 2)), text(5, 3));
    try (NDManager manager = NDManager.newBaseManager();
        EmotionQwen model = EmotionQwen.initialise(TINY, 11, 0.1, manager);
        NDScope scope = new NDScope()) {
      Weights weights = model.weights();
      float[] plain = logits(model, input);
      for (String target : adapted) {
        Shape plainShape = weights.get(target + ".weight").getShape();
        weights.put(target + ".lora_A.weight", randomMatrix(manager, RANK, plainShape.get(1)));
        weights.put(target + ".lora_B.weight", randomMatrix(manager, plainShape.get(0), RANK));
      }
      model.useLora(settings);
      float[] adaptedLogits = logits(model, input);

      for (String target : adapted) {
        NDArray a = weights.remove(target + ".lora_A.weight");
        NDArray b = weights.remove(target + ".lora_B.weight");
        weights.put(target + ".weight", weights.get(target + ".weight").add(b.matMul(a).mul(settings.scale())));
      }
      model.useLora(null);
      float[] merged = logits(model, input);

      assertThat(maxDifference(adaptedLogits, plain)).as("the adapters change the output").isGreaterThan(1e-2);
      assertThat(maxDifference(adaptedLogits, merged)).isLessThan(1e-4);
    }
  }

  private static NDArray randomMatrix(NDManager manager, long rows, long columns) {
    return manager.randomNormal(0, 0.3f, new Shape(rows, columns), DataType.FLOAT32);
  }

  private static float[] logits(EmotionQwen model, ModelInput input) {
    return model.logits(model.forward(model.prepare(List.of(input), null).inputs(), false)).toFloatArray();
  }

  private static double maxDifference(float[] a, float[] b) {
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    return worst;
  }
}
