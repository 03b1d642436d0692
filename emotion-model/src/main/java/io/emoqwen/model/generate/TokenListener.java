package io.emoqwen.model.generate;

/** Receives a sequence's tokens as they are produced (streaming) and its end. Called on the stepping thread. */
public interface TokenListener {

  void onToken(long sequenceId, int token);

  default void onFinish(Generation result) {}

  TokenListener NONE = (id, token) -> {};
}
