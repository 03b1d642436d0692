package io.emoqwen.tests.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

/**
 * The machine's reference speed for model FLOP/s figures: DJL's own GFLOP/s on one large fp32 matrix product,
 * measured in the benchmark's own run so a ratio against it means the same on any machine.
 */
final class MatmulPeak {

  private MatmulPeak() {}

  /** GFLOP/s of one n x n by n x n fp32 product (after a warm-up product). */
  static double gflops(NDManager manager, int n) {
    try (NDScope scope = new NDScope()) {
      NDArray a = manager.randomNormal(new Shape(n, n));
      NDArray b = manager.randomNormal(new Shape(n, n));
      a.matMul(b).close();
      long start = System.nanoTime();
      a.matMul(b).close();
      return 2.0 * n * n * n / ((System.nanoTime() - start) / 1e9) / 1e9;
    }
  }
}
