package io.emoqwen.model.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * How one sequence picks its tokens and when it stops, in the terms of transformers' generation_config.json.
 * Greedy when {@code doSample} is false or {@code topK} is 1.
 *
 * @param stopStrings generation stops once the decoded text contains one (needs the engine's decode function)
 * @param seed seed of the sequence's own random generator, so sampled runs repeat
 */
public record SamplingParams(
    boolean doSample,
    double temperature,
    int topK,
    double topP,
    double repetitionPenalty,
    int maxNewTokens,
    int[] eosTokenIds,
    List<String> stopStrings,
    long seed) {

  public SamplingParams {
    stopStrings = List.copyOf(stopStrings);
    if (temperature <= 0 || topP <= 0 || topP > 1 || repetitionPenalty <= 0 || maxNewTokens <= 0) {
      throw new IllegalArgumentException("temperature, top_p, repetition_penalty and max_new_tokens must be positive");
    }
  }

  public static SamplingParams greedy(int maxNewTokens, int... eosTokenIds) {
    return new SamplingParams(false, 1.0, 0, 1.0, 1.0, maxNewTokens, eosTokenIds, List.of(), 0);
  }

  public boolean isGreedy() {
    return !doSample || topK == 1;
  }

  public SamplingParams withStopStrings(List<String> stops) {
    return new SamplingParams(doSample, temperature, topK, topP, repetitionPenalty, maxNewTokens, eosTokenIds, stops, seed);
  }

  public SamplingParams withMaxNewTokens(int max) {
    return new SamplingParams(doSample, temperature, topK, topP, repetitionPenalty, max, eosTokenIds, stopStrings, seed);
  }

  /** Reads a generation_config.json; keys it lacks take transformers' defaults. */
  public static SamplingParams fromGenerationConfig(JsonNode json, int maxNewTokens) {
    JsonNode eos = json.path("eos_token_id");
    int[] eosIds;
    if (eos.isArray()) {
      eosIds = new int[eos.size()];
      for (int i = 0; i < eosIds.length; i++) {
        eosIds[i] = eos.get(i).asInt();
      }
    } else {
      eosIds = eos.isMissingNode() ? new int[0] : new int[] {eos.asInt()};
    }
    return new SamplingParams(
        json.path("do_sample").asBoolean(false),
        json.path("temperature").asDouble(1.0),
        json.path("top_k").asInt(50),
        json.path("top_p").asDouble(1.0),
        json.path("repetition_penalty").asDouble(1.0),
        json.path("max_new_tokens").asInt(maxNewTokens),
        eosIds,
        List.of(),
        0);
  }

  public ObjectNode toGenerationConfig() {
    ObjectNode json = new ObjectMapper().createObjectNode();
    json.put("do_sample", doSample);
    json.put("temperature", temperature);
    json.put("top_k", topK);
    json.put("top_p", topP);
    json.put("repetition_penalty", repetitionPenalty);
    json.put("max_new_tokens", maxNewTokens);
    var eos = json.putArray("eos_token_id");
    for (int id : eosTokenIds) {
      eos.add(id);
    }
    return json;
  }
}
