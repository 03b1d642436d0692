package io.emoqwen.training.worker;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which samples micro-batch m takes: epochs of a seeded shuffle, laid end to end. A pure function of
 * (seed, m), so a resumed stage continues at exactly the data position it saved.
 */
final class SampleOrder {

  private final int size;
  private final long seed;
  private int cachedEpoch = -1;
  private List<Integer> cached;

  SampleOrder(int size, long seed) {
    if (size < 1) {
      throw new IllegalArgumentException("a stage needs at least one sample");
    }
    this.size = size;
    this.seed = seed;
  }

  int[] batch(int microStep, int batchSize) {
    int[] out = new int[batchSize];
    for (int i = 0; i < batchSize; i++) {
      long position = (long) microStep * batchSize + i;
      out[i] = epoch((int) (position / size)).get((int) (position % size));
    }
    return out;
  }

  private List<Integer> epoch(int epoch) {
    if (epoch != cachedEpoch) {
      List<Integer> order = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        order.add(i);
      }
      Collections.shuffle(order, new Random(seed * 31 + epoch));
      cached = order;
      cachedEpoch = epoch;
    }
    return cached;
  }
}
