package io.emoqwen.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.emoqwen.model.config.ModelConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The model's tensors by checkpoint name, owned by one manager. Training marks some of them as needing
 * gradients and LoRA adds adapter tensors beside the plain ones.
 */
public final class Weights implements AutoCloseable {

  private final NDManager manager;
  private final Map<String, NDArray> tensors = new LinkedHashMap<>();

  public Weights(NDManager manager) {
    this.manager = manager;
  }

  /**
   * A freshly initialised model (normal(0, 0.02) matrices, unit norms, zero biases), reproducible from
   * the seed alone: every tensor draws from its own generator seeded by the seed and its name.
   */
  public static Weights initialise(ModelConfig config, long seed, NDManager manager) {
    return initialise(config, seed, 0.02, manager);
  }

  /** As {@link #initialise(ModelConfig, long, NDManager)} with another spread of the random matrices. */
  public static Weights initialise(ModelConfig config, long seed, double std, NDManager manager) {
    Weights weights = new Weights(manager);
    for (ParameterSpec spec : new ParameterLayout(config).specs()) {
      float[] values = new float[Math.toIntExact(spec.size())];
      switch (spec.init()) {
        case ONE -> java.util.Arrays.fill(values, 1f);
        case ZERO -> {}
        case NORMAL -> {
          SplittableRandom random = new SplittableRandom(seed * 31 + spec.name().hashCode());
          for (int i = 0; i < values.length; i++) {
            values[i] = (float) (gaussian(random) * std);
          }
        }
      }
      weights.put(spec.name(), manager.create(values, new Shape(spec.shape())));
    }
    return weights;
  }

  private static double gaussian(SplittableRandom random) {
    double u1 = random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  public NDManager manager() {
    return manager;
  }

  public NDArray get(String name) {
    NDArray t = tensors.get(name);
    if (t == null) {
      throw new IllegalStateException("no tensor '" + name + "' in the model");
    }
    return t;
  }

  /** The tensor, or null where the layout has none (optional biases, absent LoRA adapters). */
  public NDArray find(String name) {
    return tensors.get(name);
  }

  /** Stores a tensor for the model's lifetime: it leaves any scope it was made in. */
  public void put(String name, NDArray tensor) {
    NDScope.unregister(tensor);
    tensor.attach(manager);
    tensor.setName(name);
    NDArray old = tensors.put(name, tensor);
    if (old != null && old != tensor) {
      old.close();
    }
  }

  public NDArray remove(String name) {
    return tensors.remove(name);
  }

  public Map<String, NDArray> all() {
    return Collections.unmodifiableMap(tensors);
  }

  /** The type activations are computed in: that of the token embeddings. */
  public DataType computeType() {
    return get("llm.embed_tokens.weight").getDataType();
  }

  @Override
  public void close() {
    tensors.values().forEach(NDArray::close);
    tensors.clear();
  }
}
