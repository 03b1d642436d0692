package io.emoqwen.api.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.emoqwen.api.errors.ApiException;
import io.emoqwen.api.inference.ServedDeployments.Served;
import io.emoqwen.api.inference.WorkerCalls.Event;
import io.emoqwen.api.openapi.ApiErrors;
import io.emoqwen.api.security.Role;
import io.emoqwen.api.tenants.TenantAccess;
import io.emoqwen.api.tenants.TenantContext;
import io.emoqwen.core.inference.WorkRequest;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Emotion analysis of one video or image on a deployment: the distribution over the deployment's label set
 * (each label's likelihood after the prompt, computed by the model, not parsed from text), the top label, the
 * model's reasoning, token counts and timings.
 */
@RestController
@Tag(name = "inference")
class AnalyzeController {

  /** MODEL.md section 4: the reference prompt, and DFEW's labels when a deployment names none. */
  static final String DEFAULT_PROMPT = "Analyze the following video, combined with subtitles and visual clues, "
      + "determine the emotional categories of the characters.";
  static final List<String> DEFAULT_LABELS = List.of("happy", "sad", "neutral", "angry", "surprise", "disgust", "fear");

  private final TenantAccess access;
  private final ServedDeployments deployments;
  private final ScopedTransactions transactions;
  private final InferenceGateway gateway;

  AnalyzeController(TenantAccess access, ServedDeployments deployments, ScopedTransactions transactions,
      InferenceGateway gateway) {
    this.access = access;
    this.deployments = deployments;
    this.transactions = transactions;
    this.gateway = gateway;
  }

  record AnalyzeRequest(
      @Size(max = 1_000_000) String video,
      @Size(max = 1_000_000) String image,
      @Size(max = 2000) String subtitle,
      @Pattern(regexp = "en|zh", message = "must be en or zh") String language,
      @Min(1) @Max(8192) Integer maxNewTokens) {

    @AssertTrue(message = "give exactly one of video and image (a data: URL)")
    boolean isOneMedium() {
      return (video == null) != (image == null);
    }
  }

  record Analysis(String deployment, Map<String, Double> distribution, String top, String reasoning,
      String finishReason, JsonNode usage, JsonNode timings) {}

  @PostMapping("/api/v1/tenants/{tenant}/deployments/{deploymentName}/analyze")
  @Operation(operationId = "analyzeWithDeployment",
      summary = "Emotion distribution over the deployment's labels, top label and reasoning for a video or image (MEMBER)")
  @ApiErrors({409, 503})
  Analysis analyze(@PathVariable String tenant, @PathVariable String deploymentName,
      @Valid @RequestBody AnalyzeRequest request) {
    TenantContext context = access.require(tenant, Role.MEMBER);
    Served deployment = transactions.inTenant(context.tenantId(),
            () -> deployments.find(context.tenantId(), deploymentName))
        .orElseThrow(() -> ApiException.notFound("deployment"));
    if ("STOPPED".equals(deployment.state())) {
      throw ApiException.conflict("deployment '" + deploymentName + "' is stopped");
    }
    int maxNewTokens = request.maxNewTokens() == null ? deployment.maxNewTokens() : request.maxNewTokens();
    if (maxNewTokens > deployment.maxNewTokens()) {
      throw InferenceRefusal.field("maxNewTokens", "must not exceed the deployment's limit of "
          + deployment.maxNewTokens());
    }
    boolean video = request.video() != null;
    String field = video ? "video" : "image";
    String url = ChatCompletionsController.mediaUrl(TextNode.valueOf(video ? request.video() : request.image()), field);
    List<String> labels = deployment.labels().isEmpty() ? DEFAULT_LABELS : deployment.labels();
    Served withLabels = new Served(deployment.id(), deployment.name(), deployment.state(), deployment.checkpointId(),
        deployment.modelConfig(), deployment.maxBatch(), deployment.maxNewTokens(), deployment.defaultPrompt(), labels);
    List<WorkRequest.Part> parts = new ArrayList<>();
    parts.add(new WorkRequest.Part(video ? "video" : "image", null, url, field));
    parts.add(WorkRequest.Part.text("\n" + prompt(deployment, request, labels), "subtitle"));
    WorkRequest work = gateway.request(context.tenantId(), withLabels, "analyze",
        List.of(new WorkRequest.Message("user", parts)), maxNewTokens, null, null, null);
    Event done = gateway.run(context.tenantId(), work, WorkerCalls.EventSink.BUFFERED);
    JsonNode analysis = done.analysis();
    Map<String, Double> distribution = new java.util.LinkedHashMap<>();
    analysis.path("distribution").fields().forEachRemaining(e -> distribution.put(e.getKey(), e.getValue().asDouble()));
    return new Analysis(deploymentName, distribution, analysis.path("top").asText(), done.text(), done.finishReason(),
        new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(done.usage()), done.timings());
  }

  private static String prompt(Served deployment, AnalyzeRequest request, List<String> labels) {
    StringBuilder prompt = new StringBuilder(deployment.defaultPrompt() == null || deployment.defaultPrompt().isBlank()
        ? DEFAULT_PROMPT : deployment.defaultPrompt());
    if (request.subtitle() != null && !request.subtitle().isBlank()) {
      prompt.append("\nSubtitle: ").append(request.subtitle());
    }
    prompt.append("\nChoose from: ").append(String.join(", ", labels)).append('.');
    prompt.append("zh".equals(request.language()) ? "\n请用中文回答，以“在视频中”开头。"
        : "\nAnswer in English, beginning with \"In the video\".");
    return prompt.toString();
  }
}
