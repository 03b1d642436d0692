package io.emoqwen.core.artifacts;

import java.net.URL;
import java.time.Instant;

/** The records of a presigned multipart upload, in which bytes go from the client straight to S3. */
public final class MultipartUploads {

  private MultipartUploads() {}

  /** An upload begun for {@code key}; {@code uploadId} is S3's. */
  public record Started(ArtifactKey key, String uploadId) {}

  /** Where a client PUTs part {@code partNumber}, until {@code expiresAt}. */
  public record PresignedPart(int partNumber, URL url, Instant expiresAt) {}

  /** A part as the client reports it (the ETag S3 answered its PUT with) or as S3 lists it. */
  public record Part(int partNumber, String etag, long size) {}

  /** The client's list of parts does not match what S3 received. */
  public static final class PartsMismatch extends IllegalArgumentException {
    public PartsMismatch(String message) {
      super(message);
    }
  }
}
