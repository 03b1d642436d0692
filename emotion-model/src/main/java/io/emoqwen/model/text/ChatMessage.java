package io.emoqwen.model.text;

/**
 * One turn of a conversation. {@code content} is plain text in which {@code <image>} and {@code <video>} mark
 * where a visual input goes (the convention of the Emotion-Qwen training JSON).
 */
public record ChatMessage(String role, String content) {

  public static final String SYSTEM = "system";
  public static final String USER = "user";
  public static final String ASSISTANT = "assistant";

  public ChatMessage {
    if (!SYSTEM.equals(role) && !USER.equals(role) && !ASSISTANT.equals(role)) {
      throw new IllegalArgumentException("role must be system, user or assistant, got " + role);
    }
    if (content == null) {
      throw new IllegalArgumentException("content of a " + role + " turn is missing");
    }
  }

  public static ChatMessage system(String content) {
    return new ChatMessage(SYSTEM, content);
  }

  public static ChatMessage user(String content) {
    return new ChatMessage(USER, content);
  }

  public static ChatMessage assistant(String content) {
    return new ChatMessage(ASSISTANT, content);
  }

  /** Maps the LLaVA-style speaker names of {from, value} records ({@code human}, {@code gpt}) to roles. */
  public static String roleOf(String speaker) {
    return switch (speaker) {
      case "human", USER -> USER;
      case "gpt", ASSISTANT -> ASSISTANT;
      case SYSTEM -> SYSTEM;
      default -> throw new IllegalArgumentException("unknown speaker '" + speaker + "' (expected user/human, assistant/gpt or system)");
    };
  }
}
