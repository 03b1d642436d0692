package io.emoqwen.model.checkpoint;

import java.nio.file.Path;
import java.util.Arrays;

/** Where one tensor lies in a checkpoint: its shard, type, shape and byte range after the header. */
public record TensorEntry(String name, Path shard, TensorType type, long[] shape, long begin, long end) {

  public long elements() {
    return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
  }
}
