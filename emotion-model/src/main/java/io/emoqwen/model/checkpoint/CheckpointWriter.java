package io.emoqwen.model.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emoqwen.model.config.ModelConfig;
import io.emoqwen.model.nn.EmotionQwen;
import io.emoqwen.model.nn.ParameterLayout;
import io.emoqwen.model.nn.ParameterSpec;
import io.emoqwen.model.nn.Weights;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a checkpoint the way transformers does: {@code config.json}, shards
 * {@code model-0000i-of-0000n.safetensors} with {@code model.safetensors.index.json} (a lone
 * {@code model.safetensors} when one shard suffices), {@code generation_config.json}, and the processor's
 * files copied through. LoRA adapters must be merged first: a checkpoint holds plain weights only.
 *
 * @param type element type of the tensors written
 * @param maxShardBytes a shard is closed before it would exceed this (transformers' default is 5 GB)
 */
public record CheckpointWriter(TensorType type, long maxShardBytes) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static CheckpointWriter of(TensorType type) {
    return new CheckpointWriter(type, 5_000_000_000L);
  }

  /**
   * @param generationConfig the generation_config.json to write, or null for none
   * @param copiedFiles files copied as they are (tokenizer.json, preprocessor_config.json, ...)
   */
  public void write(EmotionQwen model, Path directory, ObjectNode generationConfig, List<Path> copiedFiles)
      throws IOException {
    ModelConfig config = model.config();
    Weights weights = model.weights();
    ParameterLayout layout = new ParameterLayout(config);
    List<String> extra = weights.all().keySet().stream().filter(n -> !layout.contains(n)).toList();
    if (!extra.isEmpty()) {
      throw new IllegalStateException("merge LoRA adapters before writing; the model holds " + extra);
    }
    Files.createDirectories(directory);
    config.write(directory.resolve("config.json"), type.torchName());
    List<List<ParameterSpec>> shards = shard(layout);
    Map<String, String> weightMap = new LinkedHashMap<>();
    long total = 0;
    for (int i = 0; i < shards.size(); i++) {
      String file =
          shards.size() == 1
              ? CheckpointContents.SINGLE
              : String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
      total += writeShard(directory.resolve(file), shards.get(i), weights);
      for (ParameterSpec spec : shards.get(i)) {
        weightMap.put(spec.name(), file);
      }
    }
    Files.deleteIfExists(directory.resolve(CheckpointContents.INDEX));
    if (shards.size() > 1) {
      ObjectNode index = JSON.createObjectNode();
      index.putObject("metadata").put("total_size", total);
      ObjectNode map = index.putObject("weight_map");
      weightMap.forEach(map::put);
      Files.writeString(
          directory.resolve(CheckpointContents.INDEX), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(index));
    }
    if (generationConfig != null) {
      Files.writeString(
          directory.resolve("generation_config.json"),
          JSON.writerWithDefaultPrettyPrinter().writeValueAsString(generationConfig));
    }
    for (Path file : copiedFiles) {
      Files.copy(file, directory.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private List<List<ParameterSpec>> shard(ParameterLayout layout) {
    List<List<ParameterSpec>> shards = new ArrayList<>();
    List<ParameterSpec> current = new ArrayList<>();
    long bytes = 0;
    for (ParameterSpec spec : layout.specs()) {
      long size = spec.size() * type.bytes();
      if (!current.isEmpty() && bytes + size > maxShardBytes) {
        shards.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(spec);
      bytes += size;
    }
    shards.add(current);
    return shards;
  }

  /** One safetensors file; returns the tensor bytes written. */
  private long writeShard(Path file, List<ParameterSpec> specs, Weights weights) throws IOException {
    ObjectNode header = JSON.createObjectNode();
    header.putObject("__metadata__").put("format", "pt");
    long offset = 0;
    for (ParameterSpec spec : specs) {
      long size = spec.size() * type.bytes();
      ObjectNode t = header.putObject(spec.name());
      t.put("dtype", type.name());
      var shape = t.putArray("shape");
      for (long d : spec.shape()) {
        shape.add(d);
      }
      t.putArray("data_offsets").add(offset).add(offset + size);
      offset += size;
    }
    byte[] json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(json);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    try (FileChannel out =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      writeFully(out, head.flip());
      for (ParameterSpec spec : specs) {
        writeTensor(out, weights.get(spec.name()));
      }
    }
    return offset;
  }

  /** Row chunks keep each Java buffer small whatever the tensor size. */
  private void writeTensor(FileChannel out, NDArray tensor) throws IOException {
    long rows = tensor.getShape().dimension() == 0 ? 1 : tensor.getShape().get(0);
    long perRow = rows == 0 ? 1 : Math.max(1, tensor.size() / rows);
    long rowsPerChunk = Math.max(1, (64L << 20) / (perRow * 4));
    for (long row = 0; row < rows; row += rowsPerChunk) {
      long end = Math.min(rows, row + rowsPerChunk);
      NDArray chunk = tensor.getShape().dimension() == 0 ? tensor : tensor.get(row + ":" + end);
      try {
        writeFully(out, encode(chunk));
      } finally {
        if (chunk != tensor) {
          chunk.close();
        }
      }
    }
  }

  private ByteBuffer encode(NDArray chunk) {
    DataType target = type == TensorType.F16 ? DataType.FLOAT16 : DataType.FLOAT32;
    NDArray typed = chunk.getDataType() == target ? chunk : chunk.toType(target, false);
    try {
      ByteBuffer data = typed.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      if (type != TensorType.BF16) {
        return data;
      }
      ByteBuffer narrowed = ByteBuffer.allocate(data.remaining() / 2).order(ByteOrder.LITTLE_ENDIAN);
      while (data.hasRemaining()) {
        narrowed.putShort(toBf16(data.getInt()));
      }
      return narrowed.flip();
    } finally {
      if (typed != chunk) {
        typed.close();
      }
    }
  }

  /** fp32 bits to bf16 with round-to-nearest-even, as torch's conversion; NaN stays NaN. */
  static short toBf16(int bits) {
    if ((bits & 0x7fffffff) > 0x7f800000) {
      return (short) ((bits >>> 16) | 0x40);
    }
    int rounding = 0x7fff + ((bits >>> 16) & 1);
    return (short) ((bits + rounding) >>> 16);
  }

  private static void writeFully(FileChannel out, ByteBuffer data) throws IOException {
    while (data.hasRemaining()) {
      out.write(data);
    }
  }
}
