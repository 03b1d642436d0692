package io.emoqwen.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.model.input.ModelInput;
import io.emoqwen.model.input.VisualInput;
import io.emoqwen.model.nn.EmotionQwen;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Java model against transformers' Qwen2.5-VL on the fixture {@code tools/golden_qwen25vl.py} writes
 * (both compressor experts hold Qwen's merger, so the router cannot change the result).
 */
class GoldenQwen25VlTest {

  static final Path FIXTURE =
      Path.of(System.getProperty("emoqwen.golden.dir", "src/test/resources/golden/qwen25vl-tiny"));

  @Test
  void logitsMatchTransformersQwen25Vl() throws Exception {
    assumeTrue(Files.exists(FIXTURE.resolve("golden.safetensors")),
        "golden fixture absent at " + FIXTURE.toAbsolutePath() + ": generate it with"
            + " `python emotion-model/tools/golden_qwen25vl.py --out " + FIXTURE
            + "` on a machine with PyTorch + transformers");
    JsonNode golden = new ObjectMapper().readTree(FIXTURE.resolve("golden.json").toFile());
    try (NDManager manager = NDManager.newBaseManager();
        EmotionQwen model = CheckpointReader.load(FIXTURE, DataType.FLOAT32, manager);
        NDScope scope = new NDScope()) {
      NDList tensors;
      try (InputStream in = Files.newInputStream(FIXTURE.resolve("golden.safetensors"))) {
        tensors = NDList.decode(manager, in);
      }
      List<VisualInput> visuals = new ArrayList<>();
      for (JsonNode v : golden.get("visuals")) {
        JsonNode grid = v.get("grid");
        // the fixture holds pixel rows as fp16 (exactly what transformers ran, in fp32)
        float[] rows = tensors.get(v.get("tensor").asText()).toType(DataType.FLOAT32, false).toFloatArray();
        visuals.add(new VisualInput(rows, grid.get(0).asInt(),
            grid.get(1).asInt(), grid.get(2).asInt(), v.get("video").asBoolean(), v.get("second_per_grid_t").asDouble()));
      }
      int[] ids = new int[golden.get("input_ids").size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = golden.get("input_ids").get(i).asInt();
      }
      ModelInput input = new ModelInput(ids, null, visuals);
      NDArray logits = model.logits(model.forward(model.prepare(List.of(input), null).inputs(), false)).get(0);
      float[] expected = tensors.get("logits").toFloatArray();
      float[] actual = logits.toFloatArray();
      assertThat(actual).hasSameSizeAs(expected);
      double worst = 0;
      for (int i = 0; i < expected.length; i++) {
        worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
      }
      assertThat(worst).as("largest logit difference to transformers").isLessThan(1e-3);
    }
  }
}
