package io.emoqwen.training.worker;

import io.emoqwen.model.config.ModelConfig;
import io.emoqwen.model.input.ModelInput;
import io.emoqwen.model.input.VisualInput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Image + text samples for emotion-qwen-tiny: random patches, text ids below its special ids. */
final class TinySamples {

  static final ModelConfig TINY = ModelConfig.named("emotion-qwen-tiny");

  private TinySamples() {}

  static List<ModelInput> some(int count, long seed) {
    List<ModelInput> out = new ArrayList<>();
    for (int s = 0; s < count; s++) {
      Random random = new Random(seed * 1000 + s);
      float[] patches = new float[4 * 4 * VisualInput.PATCH_ROW_WIDTH];
      for (int i = 0; i < patches.length; i++) {
        patches[i] = (float) random.nextGaussian();
      }
      VisualInput image = new VisualInput(patches, 1, 4, 4, false, 0);
      List<Integer> ids = new ArrayList<>();
      ids.add(3 + random.nextInt(97));
      ids.add(TINY.tokens().visionStartTokenId());
      for (int i = 0; i < image.tokenCount(); i++) {
        ids.add(TINY.tokens().imageTokenId());
      }
      ids.add(TINY.tokens().visionEndTokenId());
      for (int i = 0; i < 6; i++) {
        ids.add(3 + random.nextInt(97));
      }
      int[] input = ids.stream().mapToInt(Integer::intValue).toArray();
      int[] labels = new int[input.length];
      Arrays.fill(labels, ModelInput.IGNORE);
      for (int i = input.length - 4; i < input.length; i++) {
        labels[i] = input[i];
      }
      out.add(new ModelInput(input, labels, List.of(image)));
    }
    return out;
  }
}
