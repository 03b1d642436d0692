package io.emoqwen.model.generate;

/**
 * The finished output of one sequence.
 *
 * @param tokens generated ids, the eos token excluded; with a stop string, up to the token that completed it
 * @param text decoded text cut before the stop string, or null when the engine has no decode function
 */
public record Generation(long id, int[] tokens, String text, FinishReason reason) {}
