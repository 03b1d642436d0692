package io.emoqwen.tests.bench;

import ai.djl.ndarray.NDManager;
import io.emoqwen.inference.serving.BatchScheduler;
import io.emoqwen.inference.serving.LoadedModel;
import io.emoqwen.inference.serving.SequenceSink;
import io.emoqwen.model.config.ModelConfig;
import io.emoqwen.model.generate.Generation;
import io.emoqwen.model.generate.SamplingParams;
import io.emoqwen.model.input.ModelInput;
import io.emoqwen.model.nn.EmotionQwen;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The inference worker's continuous batching on emotion-qwen-small: generated tokens/s with 1, 4, 16 and 32
 * clients (each sends its next request when the last one finished), against the same requests served one at a
 * time on the same scheduler in the same run; time to first token at 16 clients. Target ratio_c16 >= 4.
 */
public final class InferenceBenchmark implements Benchmark {

  @Override
  public Map<String, Object> run(boolean quick) {
    int promptTokens = quick ? 32 : 128;
    int newTokens = quick ? 16 : 64;
    try (NDManager manager = NDManager.newBaseManager()) {
      EmotionQwen model = EmotionQwen.initialise(ModelConfig.named("emotion-qwen-small"), 1, manager);
      LoadedModel loaded = LoadedModel.around(model, manager, null);
      // eos ignored: every request makes exactly newTokens, so the runs compare equal work
      SamplingParams params = SamplingParams.greedy(newTokens);
      try (BatchScheduler scheduler = new BatchScheduler(loaded, new BatchScheduler.Limits(32, 4096, 1 << 20), "bench")) {
        run(scheduler, 1, 2, promptTokens, params); // warm-up
        int sequentialRequests = quick ? 6 : 16;
        Result sequential = run(scheduler, 1, sequentialRequests, promptTokens, params);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("config", "emotion-qwen-small");
        figures.put("prompt_tokens", promptTokens);
        figures.put("new_tokens", newTokens);
        figures.put("sequential_tok_s", Figures.round(sequential.tokS(), 2));
        Result c16 = null;
        for (int clients : new int[] {1, 4, 16, 32}) {
          Result r = run(scheduler, clients, clients * (quick ? 2 : 4), promptTokens, params);
          figures.put("tok_s_c" + clients, Figures.round(r.tokS(), 2));
          if (clients == 16) {
            c16 = r;
          }
        }
        figures.put("ratio_c16", Figures.round(c16.tokS() / sequential.tokS(), 2));
        figures.put("ttft_p50_ms", Figures.round(Figures.percentile(c16.ttftMillis(), 0.50), 2));
        figures.put("ttft_p99_ms", Figures.round(Figures.percentile(c16.ttftMillis(), 0.99), 2));
        figures.put("sequential_ttft_p50_ms", Figures.round(Figures.percentile(sequential.ttftMillis(), 0.50), 2));
        return figures;
      }
    }
  }

  record Result(double tokS, List<Double> ttftMillis) {}

  private static Result run(BatchScheduler scheduler, int clients, int requests, int promptTokens,
      SamplingParams params) {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Double> ttft = Collections.synchronizedList(new ArrayList<>());
    long[] tokens = {0};
    long start = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      done.add(pool.submit(() -> {
        for (int i = client; i < requests; i += clients) {
          ModelInput input = ModelInput.textOnly(randomText(promptTokens, i));
          CountDownLatch finished = new CountDownLatch(1);
          long submitted = System.nanoTime();
          long[] first = {0};
          int[] count = {0};
          scheduler.submit(input, params, Duration.ofMinutes(10), new SequenceSink() {
            @Override
            public void onToken(int token) {
              if (first[0] == 0) {
                first[0] = System.nanoTime();
              }
              count[0]++;
            }

            @Override
            public void onEnd(Generation generation, Ended how, String failure, long modelNanos) {
              finished.countDown();
            }
          });
          try {
            finished.await();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          ttft.add((first[0] - submitted) / 1e6);
          synchronized (tokens) {
            tokens[0] += count[0];
          }
        }
      }));
    }
    for (Future<?> f : done) {
      try {
        f.get();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    return new Result(tokens[0] / seconds, List.copyOf(ttft));
  }

  private static int[] randomText(int length, long seed) {
    Random random = new Random(seed);
    int[] ids = new int[length];
    for (int i = 0; i < length; i++) {
      ids[i] = 10 + random.nextInt(3000);
    }
    return ids;
  }
}
