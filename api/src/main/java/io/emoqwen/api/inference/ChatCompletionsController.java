package io.emoqwen.api.inference;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.api.errors.ApiException;
import io.emoqwen.api.inference.ServedDeployments.Served;
import io.emoqwen.api.inference.WorkerCalls.Event;
import io.emoqwen.api.openapi.ApiErrors;
import io.emoqwen.api.security.Caller;
import io.emoqwen.api.security.CurrentCaller;
import io.emoqwen.api.security.Role;
import io.emoqwen.core.inference.WorkRequest;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * OpenAI-compatible chat completions: {@code model} names a deployment of the API key's tenant (another
 * tenant's deployment is simply not found), content parts carry images and videos as data URLs, and
 * {@code stream: true} answers server-sent events ending with {@code data: [DONE]}.
 */
@RestController
@Tag(name = "inference")
class ChatCompletionsController {

  private final ServedDeployments deployments;
  private final ScopedTransactions transactions;
  private final InferenceGateway gateway;
  private final ObjectMapper json;

  ChatCompletionsController(ServedDeployments deployments, ScopedTransactions transactions, InferenceGateway gateway,
      ObjectMapper json) {
    this.deployments = deployments;
    this.transactions = transactions;
    this.gateway = gateway;
    this.json = json;
  }

  /** Unknown fields are ignored on purpose: OpenAI clients send many this gateway does not use. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ChatCompletionRequest(
      @NotBlank @Size(max = 63) String model,
      @NotEmpty @Size(max = 64) List<@Valid @NotNull ChatMessageIn> messages,
      Boolean stream,
      @JsonProperty("max_tokens") @Min(1) @Max(8192) Integer maxTokens,
      @DecimalMin("0.0") @DecimalMax("2.0") Double temperature,
      @JsonProperty("top_p") @DecimalMin("0.0") @DecimalMax("1.0") Double topP,
      @Size(max = 4) List<@Size(max = 64) String> stop) {}

  /** {@code content}: a string, or a list of {@code text} / {@code image_url} / {@code video_url} parts. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ChatMessageIn(@NotBlank String role, @NotNull JsonNode content) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ChatCompletion(String id, String object, long created, String model, List<Choice> choices, Usage usage) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Choice(int index, Message message, Message delta, @JsonProperty("finish_reason") String finishReason) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Message(String role, String content) {}

  record Usage(@JsonProperty("prompt_tokens") int promptTokens,
      @JsonProperty("completion_tokens") int completionTokens,
      @JsonProperty("total_tokens") int totalTokens) {}

  @PostMapping(path = "/v1/chat/completions", produces = {"application/json", "text/event-stream"})
  @Operation(operationId = "createChatCompletion",
      summary = "OpenAI-compatible chat completion on a deployment of the API key's tenant (MEMBER)")
  @ApiErrors({404, 409, 503})
  void complete(@Valid @RequestBody ChatCompletionRequest request, HttpServletResponse response) throws IOException {
    UUID tenantId = tenantOfKey();
    Served deployment = transactions.inTenant(tenantId, () -> deployments.find(tenantId, request.model()))
        .orElseThrow(() -> ApiException.notFound("deployment '" + request.model() + "'"));
    if ("STOPPED".equals(deployment.state())) {
      throw ApiException.conflict("deployment '" + request.model() + "' is stopped");
    }
    int maxTokens = request.maxTokens() == null ? deployment.maxNewTokens() : request.maxTokens();
    if (maxTokens > deployment.maxNewTokens()) {
      throw InferenceRefusal.field("max_tokens", "must not exceed the deployment's limit of "
          + deployment.maxNewTokens());
    }
    WorkRequest work = gateway.request(tenantId, deployment, "chat", messages(request.messages()), maxTokens,
        request.temperature(), request.topP(), request.stop());
    String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    long created = System.currentTimeMillis() / 1000;
    if (Boolean.TRUE.equals(request.stream())) {
      stream(response, work, tenantId, id, created, request.model());
      return;
    }
    Event done = gateway.run(tenantId, work, WorkerCalls.EventSink.BUFFERED);
    ChatCompletion completion = new ChatCompletion(id, "chat.completion", created, request.model(),
        List.of(new Choice(0, new Message("assistant", done.text()), null, done.finishReason())), usage(done));
    response.setStatus(200);
    response.setContentType("application/json");
    json.writeValue(response.getOutputStream(), completion);
  }

  private void stream(HttpServletResponse response, WorkRequest work, UUID tenantId, String id, long created,
      String model) throws IOException {
    OutputStream[] out = {null};
    WorkerCalls.EventSink sink = event -> {
      if (out[0] == null) {
        out[0] = startEvents(response);
        send(out[0], chunk(id, created, model, new Message("assistant", ""), null, null));
      }
      send(out[0], chunk(id, created, model, new Message(null, event.text()), null, null));
    };
    Event done;
    try {
      done = gateway.run(tenantId, work, sink);
    } catch (InferenceGateway.BrokenStream e) {
      send(out[0], Map.of("error", Map.of("message", e.getMessage(), "type", "replica_failed")));
      out[0].write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
      out[0].flush();
      return;
    }
    if (out[0] == null) {
      out[0] = startEvents(response);
      send(out[0], chunk(id, created, model, new Message("assistant", ""), null, null));
    }
    send(out[0], chunk(id, created, model, new Message(null, null), done.finishReason(), usage(done)));
    out[0].write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    out[0].flush();
  }

  private static OutputStream startEvents(HttpServletResponse response) throws IOException {
    response.setStatus(200);
    response.setContentType("text/event-stream");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-cache");
    return response.getOutputStream();
  }

  private ChatCompletion chunk(String id, long created, String model, Message delta, String finish, Usage usage) {
    return new ChatCompletion(id, "chat.completion.chunk", created, model,
        List.of(new Choice(0, null, delta, finish)), usage);
  }

  private void send(OutputStream out, Object payload) throws IOException {
    out.write("data: ".getBytes(StandardCharsets.UTF_8));
    out.write(json.writeValueAsBytes(payload));
    out.write("\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static Usage usage(Event done) {
    WorkerCalls.Usage u = done.usage();
    return u == null ? null : new Usage(u.promptTokens(), u.completionTokens(), u.promptTokens() + u.completionTokens());
  }

  /** The tenant comes from the API key alone; chat completions take no tenant in the path. */
  private static UUID tenantOfKey() {
    Caller caller = CurrentCaller.get();
    if (!caller.isApiKey() || caller.keyTenantId() == null) {
      throw ApiException.badRequest("chat completions need a tenant's API key (Authorization: Bearer eqk_...)");
    }
    if (!caller.keyRole().atLeast(Role.MEMBER)) {
      throw ApiException.forbidden("this needs the MEMBER role");
    }
    return caller.keyTenantId();
  }

  private static List<WorkRequest.Message> messages(List<ChatMessageIn> in) {
    List<WorkRequest.Message> out = new ArrayList<>();
    for (int m = 0; m < in.size(); m++) {
      ChatMessageIn message = in.get(m);
      String at = "messages[" + m + "]";
      if (!List.of("system", "user", "assistant").contains(message.role())) {
        throw InferenceRefusal.field(at + ".role", "must be system, user or assistant");
      }
      List<WorkRequest.Part> parts = new ArrayList<>();
      JsonNode content = message.content();
      if (content.isTextual()) {
        parts.add(WorkRequest.Part.text(content.asText(), at + ".content"));
      } else if (content.isArray()) {
        for (int p = 0; p < content.size(); p++) {
          parts.add(part(content.get(p), at + ".content[" + p + "]"));
        }
      } else {
        throw InferenceRefusal.field(at + ".content", "must be a string or a list of content parts");
      }
      out.add(new WorkRequest.Message(message.role(), parts));
    }
    return out;
  }

  private static WorkRequest.Part part(JsonNode part, String at) {
    String type = part.path("type").asText("");
    return switch (type) {
      case "text" -> {
        if (!part.path("text").isTextual()) {
          throw InferenceRefusal.field(at + ".text", "must be a string");
        }
        yield WorkRequest.Part.text(part.get("text").asText(), at + ".text");
      }
      case "image_url", "video_url" -> {
        JsonNode url = part.path(type).isTextual() ? part.path(type) : part.path(type).path("url");
        String field = at + "." + type + (part.path(type).isTextual() ? "" : ".url");
        yield new WorkRequest.Part(type.equals("image_url") ? "image" : "video", null, mediaUrl(url, field), field);
      }
      default -> throw InferenceRefusal.field(at + ".type", "must be text, image_url or video_url");
    };
  }

  /** Only data URLs travel to the worker: a URL the worker would fetch is a way to reach the internal network. */
  static String mediaUrl(JsonNode url, String field) {
    if (!url.isTextual() || url.asText().isBlank()) {
      throw InferenceRefusal.field(field, "must be a URL string");
    }
    if (!url.asText().startsWith("data:")) {
      throw InferenceRefusal.field(field, "must be a base64 data: URL (data:video/mp4;base64,...)");
    }
    return url.asText();
  }

}
