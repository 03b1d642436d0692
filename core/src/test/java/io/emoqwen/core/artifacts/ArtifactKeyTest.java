package io.emoqwen.core.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emoqwen.core.artifacts.ArtifactKey.InvalidArtifactKey;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ArtifactKeyTest {

  static final UUID TENANT = UUID.fromString("00000000-0000-0000-0000-000000000001");

  @Test
  void keysLiveUnderTheTenantsPrefixAndMayNestRelativePaths() {
    ArtifactKey key = ArtifactKey.of(TENANT, "datasets", "d1", "media/clips/a.mp4");
    assertThat(key.value()).isEqualTo("tenants/" + TENANT + "/datasets/d1/media/clips/a.mp4");
    assertThat(key.child("frames", "0001.bin").value()).endsWith("/a.mp4/frames/0001.bin");
    assertThat(ArtifactKey.platform("models", "base").value()).isEqualTo("platform/models/base");
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../other-tenant/x", "a/../../b", "/etc/passwd", "a//b", "./a", "a/.", "C:/x",
      "a\\b", "line\nbreak", "nul\u0000byte", "del\u007f", ""})
  void segmentsThatCouldEscapeOrConfuseAreRefused(String segment) {
    assertThatThrownBy(() -> ArtifactKey.of(TENANT, "datasets", segment)).isInstanceOf(InvalidArtifactKey.class);
  }

  @Test
  void anOverlongKeyIsRefused() {
    assertThatThrownBy(() -> ArtifactKey.of(TENANT, "x".repeat(1100))).isInstanceOf(InvalidArtifactKey.class);
  }
}
