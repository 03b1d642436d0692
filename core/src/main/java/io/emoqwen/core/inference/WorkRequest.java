package io.emoqwen.core.inference;

import java.util.List;
import java.util.UUID;

/**
 * The gateway-to-worker contract, one definition for both sides. What the gateway sends a worker: the tenant and
 * checkpoint (resolved and authorised by the gateway), the conversation, and the limits of the deployment. Every
 * media part names its field in the caller's API, so a refusal can point at it.
 *
 * @param mode {@code chat} (generation) or {@code analyze} (label scoring, then the reasoning)
 * @param labels the deployment's label set (analyze)
 */
public record WorkRequest(
    UUID tenantId,
    UUID deploymentId,
    Checkpoint checkpoint,
    String mode,
    List<Message> messages,
    int maxNewTokens,
    int maxBatch,
    Double temperature,
    Double topP,
    List<String> stop,
    List<String> labels,
    Long timeoutMillis) {

  public static final String CHAT = "chat";
  public static final String ANALYZE = "analyze";

  public record Checkpoint(UUID id, String modelConfig) {}

  public record Message(String role, List<Part> parts) {}

  /**
   * @param type {@code text}, {@code image} or {@code video}
   * @param url a {@code data:} URL (or a URL the gateway already made safe to fetch)
   * @param field where the caller wrote this part, e.g. {@code messages[0].content[1].video_url.url}
   */
  public record Part(String type, String text, String url, String field) {
    public static Part text(String text, String field) {
      return new Part("text", text, null, field);
    }
  }
}
