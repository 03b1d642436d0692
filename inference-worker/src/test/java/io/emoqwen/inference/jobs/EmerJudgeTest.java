package io.emoqwen.inference.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.emoqwen.inference.config.InferenceProperties;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The EMER judge against an HTTP server that speaks the OpenAI chat completions protocol the way a hosted judge
 * does (no judge model can run here): what is sent, and how the answers and refusals are read.
 */
class EmerJudgeTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpServer server;
  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();

  private record Received(String path, String authorization, JsonNode body) {}

  private record Answer(int status, String content) {}

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      received.add(new Received(exchange.getRequestURI().getPath(),
          exchange.getRequestHeaders().getFirst("Authorization"), JSON.readTree(exchange.getRequestBody())));
      Answer answer = answers.poll();
      byte[] body = answer.status() == 200
          ? JSON.writeValueAsBytes(Map.of("choices", List.of(Map.of("message",
              Map.of("role", "assistant", "content", answer.content())))))
          : answer.content().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer.status(), body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private EmerJudge judge(String apiKey) {
    URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/");
    return new EmerJudge(new InferenceProperties.Judge(endpoint, "judge-model", apiKey, Duration.ofSeconds(10)));
  }

  @Test
  void clueOverlapAsksOnceAtTemperatureZeroWithBothDescriptionsAndReadsTheFirstNumber() throws Exception {
    answers.add(new Answer(200, "'score': 7; 'reason': both describe a tense smile"));

    OptionalDouble score = judge("sk-judge").clueOverlap("She smiles, but tensely.", "A forced smile.", "en");

    assertThat(score).hasValue(7.0);
    Received request = received.poll();
    assertThat(request.path()).isEqualTo("/v1/chat/completions");
    assertThat(request.authorization()).isEqualTo("Bearer sk-judge");
    assertThat(request.body().get("model").asText()).isEqualTo("judge-model");
    assertThat(request.body().get("temperature").asInt()).isZero();
    String prompt = request.body().at("/messages/0/content").asText();
    assertThat(prompt).contains("She smiles, but tensely.").contains("A forced smile.");
    assertThat(received).isEmpty();
  }

  @Test
  void labelOverlapFirstAsksForTheImpliedEmotionsThenScoresThemAgainstTheLabelInTheClipsLanguage()
      throws Exception {
    answers.add(new Answer(200, "焦虑，紧张"));
    answers.add(new Answer(200, "'预测分数'：8；'原因'：都表达了紧张"));

    OptionalDouble score = judge(null).labelOverlap("紧张", "他双手发抖，眼神游移。", "zh");

    assertThat(score).hasValue(8.0);
    Received emotions = received.poll();
    Received scoring = received.poll();
    assertThat(emotions.authorization()).as("no key configured, none sent").isNull();
    assertThat(emotions.body().at("/messages/0/content").asText()).contains("他双手发抖，眼神游移。");
    assertThat(scoring.body().at("/messages/0/content").asText()).contains("紧张").contains("焦虑，紧张");
  }

  @Test
  void anAnswerWithoutAScoreFromOneToTenIsNoScore() throws Exception {
    answers.add(new Answer(200, "I cannot judge this."));
    answers.add(new Answer(200, "'score': 11"));
    EmerJudge judge = judge(null);
    assertThat(judge.clueOverlap("a", "b", "en")).isEmpty();
    assertThat(judge.clueOverlap("a", "b", "en")).isEmpty();
  }

  @Test
  void theJudgesSettingsNeverPrintItsKey() {
    var settings = new InferenceProperties.Judge(URI.create("https://judge.example/v1"), "judge-model",
        "sk-very-secret", Duration.ofSeconds(10));
    assertThat(settings.toString()).contains("judge-model").doesNotContain("sk-very-secret");
  }

  @Test
  void aJudgeThatRefusesFailsTheAttemptInsteadOfScoring() {
    answers.add(new Answer(429, "{\"error\":{\"message\":\"rate limited\"}}"));
    assertThatThrownBy(() -> judge(null).clueOverlap("a", "b", "en"))
        .isInstanceOf(IOException.class).hasMessageContaining("429").hasMessageContaining("rate limited");
  }
}
