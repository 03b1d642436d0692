package io.emoqwen.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

/**
 * Keys and values of one sequence, per decoder layer, shaped (kv heads, length, head dim): per-sequence
 * caches let a scheduler add and remove sequences between steps without touching the others.
 */
public final class KvCache implements AutoCloseable {

  private final NDArray[] keys;
  private final NDArray[] values;
  private int length;
  private long nextPosition;

  public KvCache(int layers) {
    keys = new NDArray[layers];
    values = new NDArray[layers];
  }

  /** Tokens held. */
  public int length() {
    return length;
  }

  /** M-RoPE position of the next token (not the length: a visual block advances positions less). */
  public long nextPosition() {
    return nextPosition;
  }

  NDArray keys(int layer) {
    return keys[layer];
  }

  NDArray values(int layer) {
    return values[layer];
  }

  void append(int layer, NDArray k, NDArray v) {
    keys[layer] = concat(keys[layer], k);
    values[layer] = concat(values[layer], v);
  }

  void advance(int tokens, long next) {
    length += tokens;
    nextPosition = next;
  }

  /** A cache holding the same prefix, sharing nothing that a later append could change. */
  public KvCache copy() {
    KvCache copy = new KvCache(keys.length);
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != null) {
        copy.keys[i] = keys[i].duplicate();
        copy.values[i] = values[i].duplicate();
      }
    }
    copy.length = length;
    copy.nextPosition = nextPosition;
    return copy;
  }

  /** The cache outlives any scope the pass that extends it runs in. */
  private static NDArray concat(NDArray old, NDArray added) {
    NDScope.unregister(added);
    if (old == null) {
      return added;
    }
    NDArray joined = old.concat(added, 1);
    NDScope.unregister(joined);
    old.close();
    added.close();
    return joined;
  }

  @Override
  public void close() {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != null) {
        keys[i].close();
        values[i].close();
        keys[i] = values[i] = null;
      }
    }
  }
}
