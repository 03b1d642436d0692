package io.emoqwen.model.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.emoqwen.model.config.ModelConfig;
import io.emoqwen.model.nn.EmotionQwen;
import io.emoqwen.model.nn.ParameterLayout;
import io.emoqwen.model.nn.Weights;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Loads a checkpoint directory (config.json + safetensors shards) into a model. Every shape is checked
 * against the configuration before the first tensor is allocated; then shards are read one at a time and
 * each tensor goes straight from the memory-mapped file into native memory, so the peak is about one copy
 * of the weights. bf16 is widened to fp32 on the way (DJL cannot hold bf16).
 */
public final class CheckpointReader {

  private static final System.Logger LOG = System.getLogger(CheckpointReader.class.getName());
  /** Tensors larger than this are converted in row chunks (a Java buffer holds at most 2 GiB). */
  private static final long CHUNK_BYTES = 256L << 20;

  private CheckpointReader() {}

  /**
   * @param computeType FLOAT32 (CPU) or FLOAT16 (GPU): what the tensors are held in after loading
   */
  public static EmotionQwen load(Path directory, DataType computeType, NDManager manager) throws IOException {
    ModelConfig config = ModelConfig.read(directory.resolve("config.json"));
    return new EmotionQwen(config, loadWeights(directory, config, computeType, manager));
  }

  public static Weights loadWeights(Path directory, ModelConfig config, DataType computeType, NDManager manager)
      throws IOException {
    if (computeType != DataType.FLOAT32 && computeType != DataType.FLOAT16) {
      throw new IllegalArgumentException("compute type must be FLOAT32 or FLOAT16, not " + computeType);
    }
    CheckpointContents contents = CheckpointContents.read(directory);
    ParameterLayout layout = new ParameterLayout(config);
    List<String> problems = contents.problems(layout);
    if (!problems.isEmpty()) {
      throw new CheckpointMismatchException(directory.toString(), problems);
    }
    List<String> unexpected = contents.unexpected(layout);
    if (!unexpected.isEmpty()) {
      LOG.log(Level.WARNING, "{0}: ignoring {1} tensors the configuration does not use: {2}", directory,
          unexpected.size(), unexpected);
    }
    Map<Path, List<TensorEntry>> byShard =
        contents.tensors().values().stream()
            .filter(t -> layout.contains(t.name()))
            .collect(Collectors.groupingBy(TensorEntry::shard, java.util.LinkedHashMap::new, Collectors.toList()));
    Weights weights = new Weights(manager);
    try {
      for (Map.Entry<Path, List<TensorEntry>> shard : byShard.entrySet()) {
        try (FileChannel channel = FileChannel.open(shard.getKey(), StandardOpenOption.READ)) {
          for (TensorEntry entry : shard.getValue()) {
            weights.put(entry.name(), read(channel, entry, computeType, manager));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      weights.close();
      throw e;
    }
    return weights;
  }

  /** One tensor, in row chunks where it is large, converted to the compute type. */
  static NDArray read(FileChannel channel, TensorEntry entry, DataType computeType, NDManager manager)
      throws IOException {
    long[] shape = entry.shape();
    long rows = shape.length == 0 ? 1 : shape[0];
    long rowElements = rows == 0 ? 0 : entry.elements() / rows;
    long rowBytes = Math.max(1, rowElements * entry.type().bytes());
    long rowsPerChunk = Math.max(1, CHUNK_BYTES / rowBytes);
    NDList chunks = new NDList();
    for (long row = 0; row < rows || (rows == 0 && chunks.isEmpty()); row += rowsPerChunk) {
      long count = Math.min(rowsPerChunk, rows - row);
      long[] chunkShape = shape.clone();
      if (shape.length > 0) {
        chunkShape[0] = count;
      }
      long begin = entry.begin() + row * rowBytes;
      MappedByteBuffer mapped =
          channel.map(FileChannel.MapMode.READ_ONLY, begin, count * rowElements * entry.type().bytes());
      mapped.order(ByteOrder.LITTLE_ENDIAN);
      NDArray view = create(mapped, entry.type(), new Shape(chunkShape), manager);
      // a copy in every case: DJL may keep pointing into the read-only mapping, which training writes to
      NDArray chunk = view.getDataType() != computeType ? view.toType(computeType, false) : view.duplicate();
      view.close();
      chunks.add(chunk);
      if (rows == 0) {
        break;
      }
    }
    if (chunks.size() == 1) {
      return chunks.get(0);
    }
    NDArray whole = NDArrays.concat(chunks, 0);
    chunks.close();
    return whole;
  }

  private static NDArray create(ByteBuffer data, TensorType type, Shape shape, NDManager manager) {
    if (type != TensorType.BF16) {
      return manager.create(data, shape, type.heldAs());
    }
    // bf16 is the top half of an fp32: widen it bit for bit
    int n = data.remaining() / 2;
    ByteBuffer widened = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder());
    for (int i = 0; i < n; i++) {
      widened.putInt((data.getShort() & 0xffff) << 16);
    }
    widened.flip();
    return manager.create(widened, shape, DataType.FLOAT32);
  }

  /** Names of the tensors a checkpoint holds that its configuration does not use. */
  public static List<String> unusedTensors(Path directory) throws IOException {
    ModelConfig config = ModelConfig.read(directory.resolve("config.json"));
    return new ArrayList<>(CheckpointContents.read(directory).unexpected(new ParameterLayout(config)));
  }
}
