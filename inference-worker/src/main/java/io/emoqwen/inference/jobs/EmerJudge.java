package io.emoqwen.inference.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.inference.config.InferenceProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EMER's judge (the AffectGPT evaluation the reference uses): a language model behind an OpenAI-compatible
 * endpoint scores, 1 to 10, how much a predicted reasoning overlaps the annotated one (clues), and how much the
 * emotions it implies overlap the annotated label (labels). Temperature 0, as in the reference.
 */
final class EmerJudge {

  private static final Pattern SCORE = Pattern.compile("\\d+(?:\\.\\d+)?");

  private final InferenceProperties.Judge settings;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  EmerJudge(InferenceProperties.Judge settings) {
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
  }

  OptionalDouble clueOverlap(String truth, String predicted, String language) throws IOException, InterruptedException {
    String prompt = "zh".equals(language)
        ? "下面给出人物的《真实描述》以及《预测描述》。请计算《预测描述》与《真实描述》中有关人物情感状态描述的重叠度，"
            + "重叠度越高，返回的分数越高。得分范围为1-10。输出格式为: '预测分数'：预测分数；'原因'：原因\n\n《真实描述》："
            + truth + "\n\n《预测描述》：" + predicted + "\n\n输出："
        : "Below are a true description and a predicted description of a person. Summarise what each says about the"
            + " person's emotional state and score their overlap from 1 to 10 (higher: more overlap). Answer as"
            + " 'score': <score>; 'reason': <reason>\n\nTrue description: " + truth + "\n\nPredicted description: "
            + predicted + "\n\nOutput:";
    return score(ask(prompt));
  }

  OptionalDouble labelOverlap(String truthLabel, String predicted, String language)
      throws IOException, InterruptedException {
    String emotions = ask("zh".equals(language)
        ? "请根据以下视频描述，推测视频中人物最有可能的情感状态，仅输出情感词：\n\n视频描述：" + predicted + "\n\n输出结果："
        : "From the following video description, infer the most likely emotional states of the person; output only"
            + " emotion words.\n\nDescription: " + predicted + "\n\nOutput:");
    String prompt = "zh".equals(language)
        ? "下面给出人物的《真实情感》以及《预测情感》。请计算《预测情感》与《真实情感》之间的重叠度，重叠度越高，返回的分数越高。"
            + "得分范围为1-10。输出格式为: '预测分数'：预测分数；'原因'：原因\n\n《真实情感》：" + truthLabel
            + "\n\n《预测情感》：" + emotions + "\n\n输出："
        : "Below are a person's true emotions and predicted emotions. Score their overlap from 1 to 10 (higher: more"
            + " overlap). Answer as 'score': <score>; 'reason': <reason>\n\nTrue emotions: " + truthLabel
            + "\n\nPredicted emotions: " + emotions + "\n\nOutput:";
    return score(ask(prompt));
  }

  String model() {
    return settings.model();
  }

  /** The first number of the judge's answer, as the reference reads it; outside 1..10 it is no score. */
  static OptionalDouble score(String answer) {
    Matcher m = SCORE.matcher(answer == null ? "" : answer);
    if (!m.find()) {
      return OptionalDouble.empty();
    }
    double value = Double.parseDouble(m.group());
    return value >= 1 && value <= 10 ? OptionalDouble.of(value) : OptionalDouble.empty();
  }

  private String ask(String prompt) throws IOException, InterruptedException {
    String base = settings.endpoint().toString().replaceAll("/+$", "");
    byte[] body = json.writeValueAsBytes(Map.of("model", settings.model(), "temperature", 0,
        "messages", List.of(Map.of("role", "user", "content", prompt))));
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
        .timeout(settings.timeout()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
      request.header("Authorization", "Bearer " + settings.apiKey());
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      // a judge that refuses is an outage, not a score: the attempt fails and the queue retries it
      throw new IOException("the judge at " + base + " answered " + response.statusCode() + ": "
          + response.body().substring(0, Math.min(300, response.body().length())));
    }
    JsonNode content = json.readTree(response.body()).at("/choices/0/message/content");
    return content.isMissingNode() ? "" : content.asText();
  }
}
