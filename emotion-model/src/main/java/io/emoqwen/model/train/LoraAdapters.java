package io.emoqwen.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.emoqwen.model.nn.EmotionQwen;
import io.emoqwen.model.nn.LoraSettings;
import io.emoqwen.model.nn.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Adds LoRA adapters to a model and merges them back into plain weights. */
public final class LoraAdapters {

  private LoraAdapters() {}

  /**
   * A as PEFT initialises it (uniform within 1/sqrt(in)), B zero: the model's output is unchanged until
   * training moves B. Returns the names of the new tensors.
   */
  public static List<String> attach(EmotionQwen model, LoraSettings settings, long seed) {
    Weights weights = model.weights();
    NDManager manager = weights.manager();
    List<String> added = new ArrayList<>();
    for (String target : targets(model, settings)) {
      NDArray w = weights.get(target + ".weight");
      long out = w.getShape().get(0);
      long in = w.getShape().get(1);
      SplittableRandom random = new SplittableRandom(seed * 31 + target.hashCode());
      float[] a = new float[(int) (settings.rank() * in)];
      double bound = 1 / Math.sqrt(in);
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
      }
      weights.put(target + ".lora_A.weight",
          manager.create(a, new Shape(settings.rank(), in)).toType(w.getDataType(), false));
      weights.put(target + ".lora_B.weight", manager.zeros(new Shape(out, settings.rank()), w.getDataType()));
      added.add(target + ".lora_A.weight");
      added.add(target + ".lora_B.weight");
    }
    model.useLora(settings);
    return added;
  }

  /** W += (alpha / r) B A for every adapter, which is then dropped: the model is plain again. */
  public static void merge(EmotionQwen model) {
    LoraSettings settings = model.lora();
    if (settings == null) {
      return;
    }
    Weights weights = model.weights();
    for (String target : targets(model, settings)) {
      NDArray a = weights.remove(target + ".lora_A.weight");
      NDArray b = weights.remove(target + ".lora_B.weight");
      if (a == null) {
        continue;
      }
      NDArray w = weights.get(target + ".weight");
      NDArray merged = w.add(b.matMul(a).mul(settings.scale()));
      merged.setRequiresGradient(false);
      weights.put(target + ".weight", merged);
      a.close();
      b.close();
    }
    model.useLora(null);
  }

  private static List<String> targets(EmotionQwen model, LoraSettings settings) {
    List<String> targets = new ArrayList<>();
    for (int layer = 0; layer < model.config().text().numLayers(); layer++) {
      for (String projection : List.of("q_proj", "k_proj", "v_proj", "o_proj")) {
        if (settings.targets().contains(projection)) {
          targets.add("llm.layers." + layer + ".self_attn." + projection);
        }
      }
    }
    return targets;
  }
}
