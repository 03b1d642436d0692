package io.emoqwen.inference.config;

import io.emoqwen.core.config.Redacted;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The inference worker's settings ({@code emoqwen.inference.*}), defaults in one place.
 *
 * @param advertisedHost the host the gateway reaches this worker at (EMOQWEN_WORKER_HOST, the pod IP in Kubernetes)
 * @param cacheDir local copies of checkpoints (S3 -> disk)
 * @param cacheSize the cache evicts the least recently used checkpoints beyond this
 * @param shardCacheSize local copies of dataset shards (offline jobs) beyond this are deleted, least recently read
 *     first
 * @param maxLoadedModels checkpoints held in memory at once; the least recently used idle one is unloaded
 * @param kvCacheMemory what the KV caches of all running sequences of one replica may take (admission bound)
 * @param maxQueue requests waiting for admission per replica; one more is refused (429)
 * @param preprocessThreads threads that decode media, so the model never waits on FFmpeg
 * @param maxPromptTokens a prompt longer than this is refused before decoding (the checkpoint's own limit also holds)
 * @param requestTimeout a request not finished by then is removed from the batch
 * @param heartbeat how often the worker tells the registry it is alive and how loaded it is
 * @param drainTimeout on shutdown, running requests get this long to finish
 * @param jobConcurrency inference.batch / inference.evaluate jobs this worker runs at once
 * @param jobWindow records of one job in the batch at once
 * @param judge the language model that scores EMER answers; none configured means EMER is reported as skipped
 */
@ConfigurationProperties("emoqwen.inference")
public record InferenceProperties(
    @DefaultValue("localhost") String advertisedHost,
    @DefaultValue("data/inference-cache") Path cacheDir,
    @DefaultValue("20GB") DataSize cacheSize,
    @DefaultValue("10GB") DataSize shardCacheSize,
    @DefaultValue("2") int maxLoadedModels,
    @DefaultValue("2GB") DataSize kvCacheMemory,
    @DefaultValue("64") int maxQueue,
    @DefaultValue("2") int preprocessThreads,
    @DefaultValue("32768") int maxPromptTokens,
    @DefaultValue("PT2M") Duration requestTimeout,
    @DefaultValue("PT5S") Duration heartbeat,
    @DefaultValue("PT30S") Duration drainTimeout,
    @DefaultValue("1") int jobConcurrency,
    @DefaultValue("8") int jobWindow,
    @DefaultValue Judge judge) {

  /**
   * An OpenAI-compatible chat completions endpoint ({@code emoqwen.inference.judge.endpoint}, e.g.
   * {@code https://api.openai.com/v1}; the path {@code /chat/completions} is appended).
   *
   * @param model the judge model's name (the reference used a GPT-3.5 model)
   * @param apiKey sent as a bearer token when set
   */
  public record Judge(URI endpoint, @DefaultValue("gpt-4o-mini") String model, String apiKey,
      @DefaultValue("PT2M") Duration timeout) {

    @Override
    public String toString() {
      return Redacted.toString(this, "apiKey");
    }
  }
}
