package io.emoqwen.api.inference;

import java.util.List;
import java.util.UUID;

/** The gateway's side of the worker protocol (inference-worker's WorkRequest): what the worker may trust. */
record WorkerRequest(
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

  record Checkpoint(UUID id, String modelConfig) {}

  record Message(String role, List<Part> parts) {}

  /** {@code field}: where the caller wrote this part, so the worker's refusal names it. */
  record Part(String type, String text, String url, String field) {
    static Part text(String text, String field) {
      return new Part("text", text, null, field);
    }
  }
}
