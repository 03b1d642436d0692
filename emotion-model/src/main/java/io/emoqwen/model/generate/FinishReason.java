package io.emoqwen.model.generate;

/** Why a sequence stopped. */
public enum FinishReason {
  EOS,
  STOP_STRING,
  LENGTH,
  REMOVED
}
