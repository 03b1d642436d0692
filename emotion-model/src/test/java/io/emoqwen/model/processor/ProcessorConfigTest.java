package io.emoqwen.model.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessorConfigTest {

  @TempDir Path checkpoint;

  @Test
  void aQwenCheckpointFileWithoutVideoKeysGetsQwensVideoDefaults() throws Exception {
    // The preprocessor_config.json Qwen2.5-VL-7B ships: image keys only.
    Files.writeString(
        checkpoint.resolve("preprocessor_config.json"),
        """
        {"min_pixels": 3136, "max_pixels": 12845056, "patch_size": 14, "temporal_patch_size": 2, "merge_size": 2,
         "image_mean": [0.48145466, 0.4578275, 0.40821073], "image_std": [0.26862954, 0.26130258, 0.27577711],
         "image_processor_type": "Qwen2VLImageProcessor", "processor_class": "Qwen2_5_VLProcessor"}
        """);
    ProcessorConfig config = ProcessorConfig.load(checkpoint);
    assertThat(config.imageMaxPixels()).isEqualTo(12_845_056);
    assertThat(config.videoMinPixels()).isEqualTo(100_352);
    assertThat(config.videoMaxPixels()).isEqualTo(602_112);
    assertThat(config.videoTotalPixels()).isEqualTo(90_316_800);
    assertThat(config.fps()).isEqualTo(2.0);
    assertThat(config.minFrames()).isEqualTo(4);
    assertThat(config.maxFrames()).isEqualTo(768);
    assertThat(config.resizeFactor()).isEqualTo(28);
  }

  @Test
  void theSmallConfigurationIsCpuSized() {
    ProcessorConfig small = ProcessorConfig.small();
    assertThat(small.maxFrames()).isEqualTo(16);
    assertThat(small.videoMaxPixels()).isEqualTo(25_088);
    assertThat(small.imageMaxPixels()).isEqualTo(50_176);
  }

  @Test
  void aPatchSizeTheVisionEncoderCannotTakeIsRefused() throws Exception {
    Files.writeString(checkpoint.resolve("preprocessor_config.json"), "{\"patch_size\": 16}");
    assertThatThrownBy(() -> ProcessorConfig.load(checkpoint)).hasMessageContaining("1176");
  }
}
