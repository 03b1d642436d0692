package io.emoqwen.model.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The header of one safetensors file (u64 little-endian length, then JSON), read without touching the data,
 * so that a whole checkpoint can be checked before anything is allocated.
 */
record SafetensorsHeader(long dataStart, List<TensorEntry> tensors) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_HEADER = 100L << 20;

  static SafetensorsHeader read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer size = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, size, 0);
      long length = size.flip().getLong();
      if (length <= 0 || length > MAX_HEADER || length + 8 > channel.size()) {
        throw new IOException(file + " is not a safetensors file (header length " + length + ")");
      }
      ByteBuffer header = ByteBuffer.allocate((int) length);
      readFully(channel, header, 8);
      JsonNode root = JSON.readTree(new String(header.array(), StandardCharsets.UTF_8));
      List<TensorEntry> tensors = new ArrayList<>();
      Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (field.getKey().equals("__metadata__")) {
          continue;
        }
        JsonNode t = field.getValue();
        long[] shape = new long[t.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
          shape[i] = t.get("shape").get(i).asLong();
        }
        tensors.add(
            new TensorEntry(
                field.getKey(),
                file,
                TensorType.of(t.get("dtype").asText()),
                shape,
                t.get("data_offsets").get(0).asLong(),
                t.get("data_offsets").get(1).asLong()));
      }
      return new SafetensorsHeader(8 + length, tensors);
    }
  }

  static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, at);
      if (read < 0) {
        throw new IOException("unexpected end of file at " + at);
      }
      at += read;
    }
  }
}
