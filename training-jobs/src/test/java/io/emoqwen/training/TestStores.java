package io.emoqwen.training;

import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.embedded.EmbeddedS3Server;
import io.emoqwen.core.testing.TestArtifactStores;

/** An artifact store on the shared embedded S3, in a fresh bucket per test class (core's fixture). */
public final class TestStores {

  private TestStores() {}

  public static ArtifactStore fresh(String prefix) {
    return TestArtifactStores.fresh(prefix);
  }

  public static ArtifactStore connect(EmbeddedS3Server s3, String bucket) {
    return TestArtifactStores.connect(s3, bucket);
  }
}
