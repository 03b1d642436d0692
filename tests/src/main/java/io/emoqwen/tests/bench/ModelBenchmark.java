package io.emoqwen.tests.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.emoqwen.model.config.ModelConfig;
import io.emoqwen.model.config.TextConfig;
import io.emoqwen.model.generate.GenerationEngine;
import io.emoqwen.model.generate.SamplingParams;
import io.emoqwen.model.generate.TokenListener;
import io.emoqwen.model.input.ModelInput;
import io.emoqwen.model.nn.DecoderInput;
import io.emoqwen.model.nn.EmotionQwen;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * emotion-qwen-small on the CPU: prefill and decode tokens/s, and the prefill's achieved GFLOP/s as a ratio
 * of DJL's own large-matmul GFLOP/s measured in the same run (so the figure says how much of the machine
 * the model's code path uses, whatever the machine). Target ratio >= 0.3.
 */
public final class ModelBenchmark implements Benchmark {

  @Override
  public Map<String, Object> run(boolean quick) {
    ModelConfig config = ModelConfig.named("emotion-qwen-small");
    int batch = 4;
    int promptTokens = quick ? 128 : 512;
    int newTokens = quick ? 8 : 32;
    int repeats = quick ? 3 : 8;
    try (NDManager manager = NDManager.newBaseManager();
        EmotionQwen model = EmotionQwen.initialise(config, 1, manager)) {
      List<ModelInput> prompts =
          IntStream.range(0, batch).mapToObj(i -> ModelInput.textOnly(randomText(promptTokens, i))).toList();
      // the machine is shared: prefill and matmul are timed in alternation and each keeps its best run,
      // so that both see the same conditions
      prefill(model, prompts);
      double prefillSeconds = Double.MAX_VALUE;
      double matmul = 0;
      int n = quick ? 1024 : 2048;
      for (int r = 0; r < repeats; r++) {
        long start = System.nanoTime();
        prefill(model, prompts);
        prefillSeconds = Math.min(prefillSeconds, (System.nanoTime() - start) / 1e9);
        matmul = Math.max(matmul, MatmulPeak.gflops(manager, n));
      }
      double prefillTokS = batch * promptTokens / prefillSeconds;
      double gflops = prefillFlops(config.text(), batch, promptTokens) / prefillSeconds / 1e9;
      double decodeTokS = decode(model, prompts, newTokens);

      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("config", config.name());
      figures.put("batch", batch);
      figures.put("prompt_tokens", promptTokens);
      figures.put("prefill_tok_s", Figures.round(prefillTokS, 1));
      figures.put("decode_tok_s", Figures.round(decodeTokS, 1));
      figures.put("gflops", Figures.round(gflops, 1));
      figures.put("matmul_gflops", Figures.round(matmul, 1));
      figures.put("ratio", Math.round(gflops / matmul * 1000) / 1000.0);
      return figures;
    }
  }

  /** One batched prefill with the logits of each sequence's last position, as generation needs. */
  private static void prefill(EmotionQwen model, List<ModelInput> prompts) {
    try (NDScope scope = new NDScope()) {
      List<DecoderInput> inputs = model.prepare(prompts, null).inputs();
      NDArray hidden = model.forward(inputs, false);
      long n = hidden.getShape().get(1);
      model.logits(hidden.get(":, " + (n - 1))).toFloatArray();
    }
  }

  /** Decode tokens/s: steps after the prefill step, every sequence one token per step. */
  private static double decode(EmotionQwen model, List<ModelInput> prompts, int newTokens) {
    GenerationEngine engine = new GenerationEngine(model, null);
    SamplingParams greedy = SamplingParams.greedy(newTokens);
    prompts.forEach(p -> engine.add(p, greedy, TokenListener.NONE));
    engine.step();
    long start = System.nanoTime();
    int tokens = 0;
    while (!engine.isIdle()) {
      tokens += engine.runningCount();
      engine.step();
    }
    return tokens / ((System.nanoTime() - start) / 1e9);
  }

  /**
   * Multiply-adds of a text prefill x2: the layers' projections and MLP on every token, attention scores and
   * weighted sums over the full (masked) square, and lm_head on the last token of each sequence.
   */
  static double prefillFlops(TextConfig t, int batch, int tokens) {
    double h = t.hiddenSize();
    double kv = t.numKeyValueHeads() * t.headDim();
    double perToken = 2 * h * h + 2 * h * kv + 3 * h * t.intermediateSize();
    double linear = 2.0 * batch * tokens * perToken * t.numLayers();
    double attention = 2.0 * 2 * batch * (double) tokens * tokens * h * t.numLayers();
    return linear + attention + 2.0 * batch * h * t.vocabSize();
  }

  private static int[] randomText(int length, long seed) {
    Random random = new Random(seed);
    return random.ints(length, 0, 4000).toArray();
  }
}
