package io.emoqwen.inference.serving;

import io.emoqwen.model.generate.Generation;

/** Hears one admitted sequence: its tokens as they come (on the scheduler thread, so keep it quick) and its end. */
public interface SequenceSink {

  void onToken(int token);

  /**
   * The sequence ended: finished, cut by its deadline, cancelled, or the replica stopped ({@code failure} set).
   *
   * @param modelNanos this sequence's share of the model's time (each step's time split over its batch)
   */
  void onEnd(Generation generation, Ended how, String failure, long modelNanos);

  enum Ended { FINISHED, DEADLINE, CANCELLED, FAILED }
}
