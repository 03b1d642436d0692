package io.emoqwen.inference.serving;

import ai.djl.engine.Engine;
import io.emoqwen.core.inference.WorkRequest;
import io.emoqwen.inference.media.MediaPreprocessor;
import io.emoqwen.inference.media.MediaPreprocessor.Prepared;
import io.emoqwen.inference.protocol.WorkEvent;
import io.emoqwen.model.generate.FinishReason;
import io.emoqwen.model.generate.Generation;
import io.emoqwen.model.generate.SamplingParams;
import io.emoqwen.model.score.LabelScorer;
import io.emoqwen.model.score.LabelScores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One request on this worker: the replica, preprocessing (its own pool), then for {@code analyze} the label
 * scores (on the model's thread, between steps) and the reasoning, for {@code chat} the generation. Everything
 * that can refuse the request does so before it returns; what follows arrives as {@link WorkEvent}s.
 */
public final class InferenceService {

  /** A started request: read its events until {@code done} or {@code error}; cancel when the client leaves. */
  public record Running(BlockingQueue<WorkEvent> events, BatchScheduler.Ticket ticket) {}

  private final Replicas replicas;
  private final MediaPreprocessor preprocessor;
  private final int maxPromptTokens;
  private final Duration defaultTimeout;
  private final boolean gpu = Engine.getInstance().getGpuCount() > 0;

  public InferenceService(Replicas replicas, MediaPreprocessor preprocessor, int maxPromptTokens,
      Duration defaultTimeout) {
    this.replicas = replicas;
    this.preprocessor = preprocessor;
    this.maxPromptTokens = maxPromptTokens;
    this.defaultTimeout = defaultTimeout;
  }

  public Running start(WorkRequest request) {
    long started = System.nanoTime();
    if (request.messages() == null || request.messages().isEmpty()) {
      throw new RequestRefused("messages", "must hold at least one message");
    }
    BatchScheduler replica = replicas.get(new Replicas.Key(request.tenantId(), request.deploymentId(),
        request.checkpoint().id(), Math.max(1, request.maxBatch())));
    LoadedModel model = replica.model();
    Prepared prepared = await(preprocessor.prepare(request.messages(), model.processor(), model.inputs(),
        maxPromptTokens));
    long preprocessed = System.nanoTime();
    LabelScores scores = null;
    List<String> labels = request.labels() == null ? List.of() : request.labels();
    if (WorkRequest.ANALYZE.equals(request.mode()) && !labels.isEmpty()) {
      List<int[]> labelTokens = labels.stream().map(l -> model.tokenizer().encode(l)).toList();
      scores = await(replica.exclusive(m -> new LabelScorer(m.model()).score(prepared.input(), labelTokens)));
    }
    SamplingParams params = sampling(model.defaults(), request);
    Duration timeout = request.timeoutMillis() == null ? defaultTimeout : Duration.ofMillis(request.timeoutMillis());
    BlockingQueue<WorkEvent> events = new LinkedBlockingQueue<>();
    Sink sink = new Sink(events, model, prepared, started, preprocessed, analysis(scores, labels));
    BatchScheduler.Ticket ticket = replica.submit(prepared.input(), params, timeout, sink);
    return new Running(events, ticket);
  }

  private static WorkEvent.Analysis analysis(LabelScores scores, List<String> labels) {
    if (scores == null) {
      return null;
    }
    Map<String, Double> distribution = new LinkedHashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      distribution.put(labels.get(i), scores.probabilities()[i]);
    }
    return new WorkEvent.Analysis(distribution, labels.get(scores.best()), labels);
  }

  private static SamplingParams sampling(SamplingParams defaults, WorkRequest request) {
    SamplingParams p = defaults.withMaxNewTokens(Math.max(1, request.maxNewTokens()));
    if (request.temperature() != null || request.topP() != null) {
      double temperature = request.temperature() == null ? p.temperature() : request.temperature();
      boolean sample = temperature > 0;
      p = new SamplingParams(sample, sample ? temperature : 1.0, sample ? 0 : 1,
          request.topP() == null ? 1.0 : request.topP(), p.repetitionPenalty(), p.maxNewTokens(), p.eosTokenIds(),
          p.stopStrings(), p.seed());
    }
    if (request.stop() != null && !request.stop().isEmpty()) {
      p = p.withStopStrings(request.stop());
    }
    return p;
  }

  private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Overloaded("interrupted", Duration.ofSeconds(1));
    } catch (ExecutionException | CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Turns the scheduler's callbacks into events, decoding text incrementally (BPE pieces may split a character). */
  private final class Sink implements SequenceSink {
    private final BlockingQueue<WorkEvent> events;
    private final LoadedModel model;
    private final Prepared prepared;
    private final long started;
    private final long preprocessed;
    private final WorkEvent.Analysis analysis;
    private final List<Integer> tokens = new ArrayList<>();
    private int emitted;
    private long firstToken;

    Sink(BlockingQueue<WorkEvent> events, LoadedModel model, Prepared prepared, long started, long preprocessed,
        WorkEvent.Analysis analysis) {
      this.events = events;
      this.model = model;
      this.prepared = prepared;
      this.started = started;
      this.preprocessed = preprocessed;
      this.analysis = analysis;
    }

    @Override
    public void onToken(int token) {
      if (firstToken == 0) {
        firstToken = System.nanoTime();
      }
      tokens.add(token);
      String text = model.decode(tokens.stream().mapToInt(Integer::intValue).toArray());
      if (text.length() > emitted && !text.endsWith("\uFFFD")) {
        events.add(WorkEvent.token(text.substring(emitted)));
        emitted = text.length();
      }
    }

    @Override
    public void onEnd(Generation generation, Ended how, String failure, long modelNanos) {
      if (how == Ended.FAILED) {
        events.add(WorkEvent.error(503, failure));
        return;
      }
      if (how == Ended.DEADLINE) {
        events.add(WorkEvent.error(504, "the request ran past its deadline"));
        return;
      }
      long now = System.nanoTime();
      String text = generation.text() != null ? generation.text()
          : model.decode(tokens.stream().mapToInt(Integer::intValue).toArray());
      double modelSeconds = modelNanos / 1e9;
      WorkEvent.Usage usage = new WorkEvent.Usage(prepared.input().inputIds().length, tokens.size(),
          prepared.videoSeconds(), prepared.cpuNanos() / 1e9 + (gpu ? 0 : modelSeconds), gpu ? modelSeconds : 0);
      WorkEvent.Timings timings = new WorkEvent.Timings((preprocessed - started) / 1_000_000,
          firstToken == 0 ? 0 : (firstToken - preprocessed) / 1_000_000,
          firstToken == 0 ? 0 : (firstToken - started) / 1_000_000, (now - started) / 1_000_000);
      String reason = generation.reason() == FinishReason.LENGTH ? "length" : "stop";
      events.add(WorkEvent.done(text, how == Ended.CANCELLED ? "cancelled" : reason, usage, timings, analysis));
    }
  }
}
