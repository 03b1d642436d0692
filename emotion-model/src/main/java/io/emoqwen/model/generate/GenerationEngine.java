package io.emoqwen.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import io.emoqwen.model.input.ModelInput;
import io.emoqwen.model.nn.DecoderInput;
import io.emoqwen.model.nn.EmotionQwen;
import io.emoqwen.model.nn.KvCache;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Batched generation with per-sequence KV caches, stepped from outside: {@link #add} queues a sequence,
 * {@link #step} prefills everything queued (one ragged batch) and advances every running sequence by one
 * token (another batch), {@link #remove} drops a sequence at any point. A scheduler builds continuous
 * batching on these three calls; {@link #generate} is the simple loop over them. Not thread-safe: one
 * thread steps, the way a model worker owns its device.
 */
public final class GenerationEngine {

  private final EmotionQwen model;
  private final Function<int[], String> decode;
  private final Map<Long, Sequence> waiting = new LinkedHashMap<>();
  private final Map<Long, Sequence> running = new LinkedHashMap<>();
  private long nextId = 1;

  /**
   * @param decode token ids to text, for stop strings and {@link Generation#text()}; null when neither is
   *     needed
   */
  public GenerationEngine(EmotionQwen model, Function<int[], String> decode) {
    this.model = model;
    this.decode = decode;
  }

  /** Queues a sequence; its prefill runs in the next {@link #step}. Returns its id. */
  public long add(ModelInput input, SamplingParams params, TokenListener listener) {
    if (!params.stopStrings().isEmpty() && decode == null) {
      throw new IllegalArgumentException("stop strings need an engine with a decode function");
    }
    long id = nextId++;
    waiting.put(id, new Sequence(id, input, params, listener, model.config().text().numLayers()));
    return id;
  }

  /** Drops a sequence and frees its cache; its listener hears REMOVED. False if it was not there. */
  public boolean remove(long id) {
    Sequence s = waiting.remove(id);
    if (s == null) {
      s = running.remove(id);
    }
    if (s == null) {
      return false;
    }
    s.finish(FinishReason.REMOVED, decode);
    return true;
  }

  public int waitingCount() {
    return waiting.size();
  }

  public int runningCount() {
    return running.size();
  }

  public boolean isIdle() {
    return waiting.isEmpty() && running.isEmpty();
  }

  /** Tokens each running sequence holds in its cache: what a scheduler budgets memory by. */
  public Map<Long, Integer> cachedTokens() {
    Map<Long, Integer> tokens = new LinkedHashMap<>();
    running.forEach((id, s) -> tokens.put(id, s.cache.length()));
    return tokens;
  }

  /** One step: prefill what is queued, decode one token for what was already running. Returns the finished. */
  public List<Generation> step() {
    List<Sequence> decoding = new ArrayList<>(running.values());
    List<Sequence> prefilling = new ArrayList<>(waiting.values());
    waiting.clear();
    List<Generation> finished = new ArrayList<>();
    try (NDScope scope = new NDScope()) {
      if (!prefilling.isEmpty()) {
        List<ModelInput> inputs = prefilling.stream().map(s -> s.input).toList();
        List<KvCache> caches = prefilling.stream().map(s -> s.cache).toList();
        prefilling.forEach(s -> running.put(s.id, s));
        List<DecoderInput> batch = model.prepare(inputs, caches).inputs();
        advance(prefilling, batch, finished);
      }
      if (!decoding.isEmpty()) {
        List<DecoderInput> batch = new ArrayList<>();
        for (Sequence s : decoding) {
          batch.add(model.continuation(new int[] {s.lastToken()}, s.cache));
        }
        advance(decoding, batch, finished);
      }
    }
    return finished;
  }

  /** Adds every input, steps until all are done, returns the generations in input order. */
  public List<Generation> generate(List<ModelInput> inputs, SamplingParams params) {
    List<Long> ids = new ArrayList<>();
    for (ModelInput input : inputs) {
      ids.add(add(input, params, TokenListener.NONE));
    }
    Map<Long, Generation> done = new LinkedHashMap<>();
    while (!isIdle()) {
      step().forEach(g -> done.put(g.id(), g));
    }
    return ids.stream().map(done::get).toList();
  }

  private void advance(List<Sequence> sequences, List<DecoderInput> batch, List<Generation> finished) {
    NDArray hidden = model.forward(batch, false);
    long longest = hidden.getShape().get(1);
    long width = hidden.getShape().get(2);
    long[] last = new long[batch.size()];
    for (int i = 0; i < last.length; i++) {
      last[i] = i * longest + batch.get(i).length() - 1;
    }
    NDManager manager = hidden.getManager();
    NDArray logits = model.logits(hidden.reshape(-1, width).get(manager.create(last)));
    float[] flat = logits.toType(DataType.FLOAT32, false).toFloatArray();
    int vocab = (int) logits.getShape().get(1);
    for (int i = 0; i < sequences.size(); i++) {
      Sequence s = sequences.get(i);
      float[] row = java.util.Arrays.copyOfRange(flat, i * vocab, (i + 1) * vocab);
      FinishReason reason = s.accept(Sampler.next(row, s.seen, s.seenCount, s.params, s.random), decode);
      if (reason != null) {
        running.remove(s.id);
        finished.add(s.finish(reason, decode));
      }
    }
  }

  /** One sequence's state between steps. */
  private static final class Sequence {
    final long id;
    final ModelInput input;
    final SamplingParams params;
    final TokenListener listener;
    final KvCache cache;
    final Random random;
    int[] seen;
    int seenCount;
    int generated;
    String stoppedText;

    Sequence(long id, ModelInput input, SamplingParams params, TokenListener listener, int layers) {
      this.id = id;
      this.input = input;
      this.params = params;
      this.listener = listener;
      this.cache = new KvCache(layers);
      this.random = new Random(params.seed() ^ id);
      this.seen = java.util.Arrays.copyOf(input.inputIds(), input.inputIds().length + params.maxNewTokens());
      this.seenCount = input.inputIds().length;
    }

    int lastToken() {
      return seen[seenCount - 1];
    }

    /** Records a token; returns why the sequence ends with it, or null to go on. */
    FinishReason accept(int token, Function<int[], String> decode) {
      for (int eos : params.eosTokenIds()) {
        if (token == eos) {
          return FinishReason.EOS;
        }
      }
      seen[seenCount++] = token;
      generated++;
      listener.onToken(id, token);
      if (!params.stopStrings().isEmpty()) {
        String text = decode.apply(tokens());
        for (String stop : params.stopStrings()) {
          int at = text.indexOf(stop);
          if (at >= 0) {
            stoppedText = text.substring(0, at);
            return FinishReason.STOP_STRING;
          }
        }
      }
      return generated >= params.maxNewTokens() ? FinishReason.LENGTH : null;
    }

    int[] tokens() {
      return java.util.Arrays.copyOfRange(seen, input.inputIds().length, seenCount);
    }

    Generation finish(FinishReason reason, Function<int[], String> decode) {
      cache.close();
      int[] tokens = tokens();
      String text = stoppedText != null ? stoppedText : decode == null ? null : decode.apply(tokens);
      Generation result = new Generation(id, tokens, text, reason);
      listener.onFinish(result);
      return result;
    }
  }
}
