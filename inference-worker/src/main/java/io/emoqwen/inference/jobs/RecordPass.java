package io.emoqwen.inference.jobs;

import io.emoqwen.core.datasets.DatasetManifest;
import io.emoqwen.core.jobs.JobContext;
import io.emoqwen.core.jobs.JobExceptions.PermanentFailure;
import io.emoqwen.inference.serving.BatchScheduler;
import io.emoqwen.inference.serving.LoadedModel;
import io.emoqwen.inference.serving.Replicas;
import io.emoqwen.inference.serving.SequenceSink;
import io.emoqwen.model.generate.Generation;
import io.emoqwen.model.generate.SamplingParams;
import io.emoqwen.model.input.ModelInput;
import io.emoqwen.model.processor.SampleRejectedException;
import io.emoqwen.model.score.LabelScorer;
import io.emoqwen.model.score.LabelScores;
import io.emoqwen.model.text.ChatMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Runs every record of a dataset version through a checkpoint, a few at a time so the replica's continuous
 * batching keeps the model busy, and hands the answers on in record order. Between records it reports progress
 * and stops on cancellation (sequences still running are cancelled too). The replica is this worker's own
 * ({@link Replicas}), keyed by checkpoint, so consecutive jobs on one checkpoint load it once.
 */
final class RecordPass {

  /** One record's answer: the generated text, its token count, and the label distribution when labels were given. */
  record Answer(String text, int tokens, Map<String, Double> distribution, String top) {}

  /** What a handler does with each answer, in record order. */
  interface Consumer {
    void accept(DatasetManifest.Record record, Answer answer) throws Exception;
  }

  /** A record's generation may wait behind a whole batch of long ones; it is no HTTP request with a client waiting. */
  private static final Duration RECORD_TIMEOUT = Duration.ofMinutes(30);

  private final Replicas replicas;
  private final ReadyVersions versions;
  private final int window;
  private final int maxPromptTokens;

  RecordPass(Replicas replicas, ReadyVersions versions, int window, int maxPromptTokens) {
    this.replicas = replicas;
    this.versions = versions;
    this.window = window;
    this.maxPromptTokens = maxPromptTokens;
  }

  /** The replica key of offline jobs on a checkpoint: not a deployment, so it never takes a deployment's traffic. */
  static UUID offlineReplica(UUID checkpointId) {
    return UUID.nameUUIDFromBytes(("offline-jobs:" + checkpointId).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Answers every record in order. Records an earlier attempt answered ({@code log}) are handed to the consumer
   * as they were, without running the model; new answers go to the log as they come.
   */
  void run(UUID checkpointId, DatasetManifest manifest, Function<DatasetManifest.Record, List<ChatMessage>> prompt,
      List<String> labels, int maxNewTokens, JobContext context, AnswerLog log, Consumer consumer) throws Exception {
    UUID tenantId = context.job().tenantId();
    BatchScheduler replica = replicas.get(new Replicas.Key(tenantId, offlineReplica(checkpointId), checkpointId,
        window));
    LoadedModel model = replica.model();
    SamplingParams params = model.defaults().withMaxNewTokens(maxNewTokens);
    List<int[]> labelTokens = labels.stream().map(l -> model.tokenizer().encode(l)).toList();
    int limit = Math.min(maxPromptTokens, model.tokenizer().modelMaxLength());
    List<DatasetManifest.Record> records = manifest.records();
    Deque<InFlight> running = new ArrayDeque<>();
    Map<Integer, Answer> saved = log.saved();
    if (!saved.isEmpty()) {
      context.log("resuming: " + saved.size() + " of " + records.size() + " records were answered by an earlier attempt");
    }
    int done = 0;
    try {
      for (DatasetManifest.Record record : records) {
        context.checkCancelled();
        Answer earlier = saved.get(record.index());
        if (earlier != null) {
          while (!running.isEmpty()) { // the consumer hears the records in order
            finish(running.removeFirst(), labels, model, log, consumer);
            progress(context, ++done, records.size());
          }
          consumer.accept(record, earlier);
          progress(context, ++done, records.size());
          continue;
        }
        if (running.size() >= window) {
          finish(running.removeFirst(), labels, model, log, consumer);
          progress(context, ++done, records.size());
        }
        ModelInput input = input(model, prompt.apply(record), versions.visuals(tenantId, manifest, record), limit,
            record);
        CompletableFuture<LabelScores> scores = labelTokens.isEmpty() ? CompletableFuture.completedFuture(null)
            : replica.exclusive(m -> new LabelScorer(m.model()).score(input, labelTokens));
        Collected collected = new Collected();
        BatchScheduler.Ticket ticket = replica.submit(input, params, RECORD_TIMEOUT, collected);
        running.add(new InFlight(record, scores, collected, ticket));
      }
      while (!running.isEmpty()) {
        context.checkCancelled();
        finish(running.removeFirst(), labels, model, log, consumer);
        progress(context, ++done, records.size());
      }
    } finally {
      running.forEach(f -> f.ticket().cancel());
      save(log, context);
    }
  }

  /** Whatever the pass ends with, what it answered is kept for a later attempt; failing that loses only time. */
  private static void save(AnswerLog log, JobContext context) {
    try {
      log.flush();
    } catch (RuntimeException e) {
      context.log("could not keep the last answers for a later attempt: " + e.getMessage());
    }
  }

  private static ModelInput input(LoadedModel model, List<ChatMessage> messages,
      List<io.emoqwen.model.input.VisualInput> visuals, int limit, DatasetManifest.Record record) {
    try {
      return model.inputs().prompt(messages, visuals, limit);
    } catch (SampleRejectedException e) {
      throw new PermanentFailure("record " + record.id() + ": " + e.getMessage());
    }
  }

  private static void progress(JobContext context, int done, int total) {
    // one progress write per record would be a write per step on small records; about 100 per job is plenty
    if (done == total || total < 100 || done % Math.max(1, total / 100) == 0) {
      context.progress((double) done / total, done + " of " + total + " records");
    }
  }

  private record InFlight(DatasetManifest.Record record, CompletableFuture<LabelScores> scores, Collected answer,
      BatchScheduler.Ticket ticket) {}

  private static void finish(InFlight f, List<String> labels, LoadedModel model, AnswerLog log, Consumer consumer)
      throws Exception {
    LabelScores scores = await(f.scores());
    Generation generation = await(f.answer().result);
    String text = generation.text() != null ? generation.text() : model.decode(generation.tokens());
    Map<String, Double> distribution = null;
    String top = null;
    if (scores != null) {
      distribution = new LinkedHashMap<>();
      for (int i = 0; i < labels.size(); i++) {
        distribution.put(labels.get(i), scores.probabilities()[i]);
      }
      top = labels.get(scores.best());
    }
    Answer answer = new Answer(text, generation.tokens().length, distribution, top);
    consumer.accept(f.record(), answer);
    log.add(f.record().index(), f.record().id(), answer);
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** Completes when the sequence ends; a sequence that did not finish fails the record (and the attempt). */
  private static final class Collected implements SequenceSink {
    final CompletableFuture<Generation> result = new CompletableFuture<>();

    @Override
    public void onToken(int token) {}

    @Override
    public void onEnd(Generation generation, Ended how, String failure, long modelNanos) {
      switch (how) {
        case FINISHED -> result.complete(generation);
        case CANCELLED -> result.completeExceptionally(new CancellationException("the record was cancelled"));
        case DEADLINE -> result.completeExceptionally(new IllegalStateException(
            "a record ran past " + RECORD_TIMEOUT.toMinutes() + " minutes"));
        case FAILED -> result.completeExceptionally(new IllegalStateException("the replica failed: " + failure));
      }
    }
  }
}
