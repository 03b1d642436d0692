package io.emoqwen.model.checkpoint;

import static io.emoqwen.model.fixtures.TinyInputs.TINY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emoqwen.model.nn.EmotionQwen;
import io.emoqwen.model.nn.ParameterLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointRoundTripTest {

  @TempDir Path dir;
  NDManager manager;
  EmotionQwen model;

  @BeforeEach
  void model() {
    manager = NDManager.newBaseManager();
    model = EmotionQwen.initialise(TINY, 3, manager);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void whatTheWriterWritesInShardsTheReaderReadsBackBitIdentical() throws Exception {
    Path checkpoint = dir.resolve("fp32");
    new CheckpointWriter(TensorType.F32, 200_000).write(model, checkpoint, null, List.of());

    var index = new ObjectMapper().readTree(checkpoint.resolve("model.safetensors.index.json").toFile());
    assertThat(index.get("weight_map").size()).isEqualTo(new ParameterLayout(TINY).specs().size());
    assertThat(index.get("metadata").get("total_size").asLong()).isEqualTo(new ParameterLayout(TINY).parameterCount() * 4);
    try (Stream<Path> files = Files.list(checkpoint)) {
      assertThat(files.filter(f -> f.toString().endsWith(".safetensors")).count()).isGreaterThan(1);
    }

    EmotionQwen read = CheckpointReader.load(checkpoint, DataType.FLOAT32, manager);
    assertThat(read.weights().all().keySet()).containsExactlyElementsOf(model.weights().all().keySet());
    for (Map.Entry<String, NDArray> e : model.weights().all().entrySet()) {
      NDArray back = read.weights().get(e.getKey());
      assertThat(back.getShape()).as(e.getKey()).isEqualTo(e.getValue().getShape());
      assertThat(bytes(back)).as(e.getKey()).isEqualTo(bytes(e.getValue()));
    }
  }

  @Test
  void bf16IsWidenedOnReadAndWritesBackToTheSameBytes() throws Exception {
    Path first = dir.resolve("bf16-a");
    Path second = dir.resolve("bf16-b");
    CheckpointWriter writer = new CheckpointWriter(TensorType.BF16, 150_000);
    writer.write(model, first, null, List.of());
    EmotionQwen read = CheckpointReader.load(first, DataType.FLOAT32, manager);
    assertThat(read.weights().get("lm_head.weight").getDataType()).isEqualTo(DataType.FLOAT32);
    writer.write(read, second, null, List.of());
    try (Stream<Path> files = Files.list(first)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".safetensors")).toList()) {
        assertThat(Files.readAllBytes(second.resolve(f.getFileName()))).isEqualTo(Files.readAllBytes(f));
      }
    }
    float[] original = model.weights().get("lm_head.weight").toFloatArray();
    float[] narrowed = read.weights().get("lm_head.weight").toFloatArray();
    for (int i = 0; i < original.length; i++) {
      assertThat((double) narrowed[i]).isCloseTo(original[i], org.assertj.core.data.Offset.offset(Math.abs(original[i]) / 128 + 1e-30));
    }
  }

  @Test
  void aCheckpointWithWrongShapesFailsListingEveryOffendingTensor() throws Exception {
    Path checkpoint = dir.resolve("wrong");
    CheckpointWriter.of(TensorType.F32).write(model, checkpoint, null, List.of(Path.of("pom.xml")));
    assertThat(checkpoint.resolve("model.safetensors")).exists();
    assertThat(checkpoint.resolve("pom.xml")).exists();
    ObjectNode config = (ObjectNode) new ObjectMapper().readTree(checkpoint.resolve("config.json").toFile());
    config.put("vocab_size", 130);
    Files.writeString(checkpoint.resolve("config.json"), config.toString());

    assertThatThrownBy(() -> CheckpointReader.load(checkpoint, DataType.FLOAT32, manager))
        .isInstanceOf(CheckpointMismatchException.class)
        .satisfies(e -> assertThat(((CheckpointMismatchException) e).problems())
            .containsExactly(
                "llm.embed_tokens.weight: checkpoint has [128, 64], config expects [130, 64]",
                "lm_head.weight: checkpoint has [128, 64], config expects [130, 64]"));
  }

  private static byte[] bytes(NDArray array) {
    ByteBuffer buffer = array.toByteBuffer();
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }
}
