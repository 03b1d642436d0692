package io.emoqwen.core.testing;

import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.embedded.EmbeddedS3Server;
import java.time.Duration;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Artifact stores on the shared embedded S3, a fresh bucket per caller (test classes, benchmarks). */
public final class TestArtifactStores {

  private TestArtifactStores() {}

  public static ArtifactStore fresh(String prefix) {
    ArtifactStore store = connect(TestInfrastructure.s3(), prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
    store.ensureBucket();
    return store;
  }

  public static ArtifactStore connect(EmbeddedS3Server s3, String bucket) {
    var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey()));
    S3Client client = S3Client.builder().endpointOverride(s3.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(credentials).forcePathStyle(true).build();
    S3Presigner presigner = S3Presigner.builder().endpointOverride(s3.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(credentials)
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
    return new ArtifactStore(client, presigner, bucket, Duration.ofMinutes(5));
  }
}
