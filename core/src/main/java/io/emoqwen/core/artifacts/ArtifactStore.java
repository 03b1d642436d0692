package io.emoqwen.core.artifacts;

import io.emoqwen.core.artifacts.MultipartUploads.Part;
import io.emoqwen.core.artifacts.MultipartUploads.PartsMismatch;
import io.emoqwen.core.artifacts.MultipartUploads.PresignedPart;
import io.emoqwen.core.artifacts.MultipartUploads.Started;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Every byte the platform keeps (media, manifests, shards, checkpoints, results) lives here, in one S3 bucket,
 * under keys the platform builds ({@link ArtifactKey}). Works against AWS S3, MinIO and s3proxy alike.
 */
public class ArtifactStore {

  /** Streams of unknown length go up in parts of this size (S3's minimum part is 5 MiB). */
  private static final int STREAM_PART_BYTES = 8 * 1024 * 1024;
  private static final String SHA256_METADATA = "sha256";

  private final S3Client s3;
  private final S3Presigner presigner;
  private final String bucket;
  private final Duration presignDuration;

  public ArtifactStore(S3Client s3, S3Presigner presigner, String bucket, Duration presignDuration) {
    this.s3 = s3;
    this.presigner = presigner;
    this.bucket = bucket;
    this.presignDuration = presignDuration;
  }

  /** Creates the bucket when it does not exist yet (the embedded default; a real one is provisioned). */
  public void ensureBucket() {
    try {
      s3.headBucket(b -> b.bucket(bucket));
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw e;
      }
      s3.createBucket(b -> b.bucket(bucket));
    }
  }

  /** Uploads a file, recording its SHA-256 with the object. */
  public StoredArtifact put(ArtifactKey key, Path file) {
    String sha256 = sha256Of(file);
    long size = size(file);
    s3.putObject(p -> p.bucket(bucket).key(key.value()).contentLength(size).metadata(Map.of(SHA256_METADATA, sha256)),
        RequestBody.fromFile(file));
    return new StoredArtifact(key, size, sha256);
  }

  /** Uploads small content held in memory. */
  public StoredArtifact put(ArtifactKey key, byte[] content) {
    String sha256 = hex(digest().digest(content));
    s3.putObject(p -> p.bucket(bucket).key(key.value()).metadata(Map.of(SHA256_METADATA, sha256)),
        RequestBody.fromBytes(content));
    return new StoredArtifact(key, content.length, sha256);
  }

  /**
   * Streams content of unknown length up in parts, hashing as it goes, with memory bounded by one part. An
   * interrupted upload is aborted, so no half object ever appears under the key.
   */
  public StoredArtifact put(ArtifactKey key, InputStream content) {
    MessageDigest digest = digest();
    String uploadId = s3.createMultipartUpload(c -> c.bucket(bucket).key(key.value())).uploadId();
    try (DigestInputStream in = new DigestInputStream(content, digest)) {
      List<CompletedPart> parts = new ArrayList<>();
      long total = 0;
      byte[] buffer = new byte[STREAM_PART_BYTES];
      int filled;
      while ((filled = in.readNBytes(buffer, 0, buffer.length)) > 0 || parts.isEmpty()) {
        int partNumber = parts.size() + 1;
        byte[] part = filled == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, filled);
        String etag = s3.uploadPart(u -> u.bucket(bucket).key(key.value()).uploadId(uploadId).partNumber(partNumber),
            RequestBody.fromBytes(part)).eTag();
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
        total += filled;
        if (filled < buffer.length) {
          break;
        }
      }
      s3.completeMultipartUpload(c -> c.bucket(bucket).key(key.value()).uploadId(uploadId)
          .multipartUpload(m -> m.parts(parts)));
      return new StoredArtifact(key, total, hex(digest.digest()));
    } catch (IOException | RuntimeException e) {
      s3.abortMultipartUpload(a -> a.bucket(bucket).key(key.value()).uploadId(uploadId));
      if (e instanceof IOException io) {
        throw new UncheckedIOException("upload to " + key + " failed", io);
      }
      throw (RuntimeException) e;
    }
  }

  /** Opens the object for streaming; the caller closes it. */
  public InputStream open(ArtifactKey key) {
    try {
      return s3.getObject(g -> g.bucket(bucket).key(key.value()));
    } catch (NoSuchKeyException e) {
      throw new ArtifactNotFound(key);
    }
  }

  /** Downloads to {@code target} (replaced atomically) and checks the SHA-256 when one was recorded. */
  public StoredArtifact download(ArtifactKey key, Path target) {
    try (ResponseInputStream<GetObjectResponse> in = (ResponseInputStream<GetObjectResponse>) open(key)) {
      Path partial = target.resolveSibling(target.getFileName() + ".partial");
      Files.createDirectories(target.toAbsolutePath().getParent());
      MessageDigest digest = digest();
      long size = Files.copy(new DigestInputStream(in, digest), partial, StandardCopyOption.REPLACE_EXISTING);
      String sha256 = hex(digest.digest());
      String recorded = in.response().metadata().get(SHA256_METADATA);
      if (recorded != null && !recorded.equals(sha256)) {
        Files.deleteIfExists(partial);
        throw new IllegalStateException("object " + key + " is corrupt: SHA-256 " + sha256 + ", recorded " + recorded);
      }
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return new StoredArtifact(key, size, sha256);
    } catch (IOException e) {
      throw new UncheckedIOException("download of " + key + " failed", e);
    }
  }

  public byte[] read(ArtifactKey key) {
    try (InputStream in = open(key)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("read of " + key + " failed", e);
    }
  }

  /** Size of the object, or empty when there is none. */
  public Optional<Long> sizeOf(ArtifactKey key) {
    try {
      return Optional.of(s3.headObject(h -> h.bucket(bucket).key(key.value())).contentLength());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Every object under {@code prefix}, with sizes, in key order. */
  public List<ListedArtifact> list(ArtifactKey prefix) {
    return listObjects(prefix).stream().map(o -> new ListedArtifact(ArtifactKey.listed(o.key()), o.size())).toList();
  }

  /** An object found by {@link #list}. */
  public record ListedArtifact(ArtifactKey key, long size) {}

  private List<S3Object> listObjects(ArtifactKey prefix) {
    return s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix.value() + "/").build())
        .contents().stream().toList();
  }

  public void delete(ArtifactKey key) {
    s3.deleteObject(d -> d.bucket(bucket).key(key.value()));
  }

  /** Deletes every object under {@code prefix}. */
  public void deleteAll(ArtifactKey prefix) {
    for (S3Object object : listObjects(prefix)) {
      s3.deleteObject(d -> d.bucket(bucket).key(object.key()));
    }
  }

  /** A URL from which a client (the console's video preview) may GET the object for a while. */
  public PresignedPart presignGet(ArtifactKey key) {
    var request = presigner.presignGetObject(p -> p.signatureDuration(presignDuration)
        .getObjectRequest(g -> g.bucket(bucket).key(key.value())));
    return new PresignedPart(0, request.url(), request.expiration());
  }

  // Presigned multipart upload: the client PUTs parts straight to S3.

  public Started startUpload(ArtifactKey key, String contentType) {
    String uploadId = s3.createMultipartUpload(c -> c.bucket(bucket).key(key.value())
        .contentType(contentType == null ? "application/octet-stream" : contentType)).uploadId();
    return new Started(key, uploadId);
  }

  public PresignedPart presignPart(ArtifactKey key, String uploadId, int partNumber) {
    if (partNumber < 1 || partNumber > 10_000) {
      throw new IllegalArgumentException("partNumber must be between 1 and 10000");
    }
    var request = presigner.presignUploadPart(p -> p.signatureDuration(presignDuration)
        .uploadPartRequest(u -> u.bucket(bucket).key(key.value()).uploadId(uploadId).partNumber(partNumber)));
    return new PresignedPart(partNumber, request.url(), request.expiration());
  }

  /** The parts S3 has received so far: what a resuming client need not send again. */
  public List<Part> uploadedParts(ArtifactKey key, String uploadId) {
    return s3.listPartsPaginator(l -> l.bucket(bucket).key(key.value()).uploadId(uploadId)).parts().stream()
        .map(p -> new Part(p.partNumber(), unquote(p.eTag()), p.size()))
        .sorted(Comparator.comparingInt(Part::partNumber))
        .toList();
  }

  /**
   * Completes an upload after checking that the client's parts (numbers and ETags, i.e. part checksums) are
   * exactly what S3 received; a mismatch leaves the upload open so the client can send the parts again.
   */
  public StoredArtifact completeUpload(ArtifactKey key, String uploadId, List<Part> clientParts) {
    Map<Integer, Part> received = new TreeMap<>();
    uploadedParts(key, uploadId).forEach(p -> received.put(p.partNumber(), p));
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < clientParts.size(); i++) {
      Part claimed = clientParts.get(i);
      Part actual = received.get(claimed.partNumber());
      if (claimed.partNumber() != i + 1) {
        problems.add("parts must be numbered 1.." + clientParts.size() + " in order, found " + claimed.partNumber() + " at " + (i + 1));
      } else if (actual == null) {
        problems.add("part " + claimed.partNumber() + " was never received");
      } else if (!unquote(claimed.etag()).equals(actual.etag())) {
        problems.add("part " + claimed.partNumber() + " checksum " + claimed.etag() + " does not match the received " + actual.etag());
      }
    }
    if (clientParts.isEmpty()) {
      problems.add("no parts listed");
    }
    if (!problems.isEmpty()) {
      throw new PartsMismatch(String.join("; ", problems));
    }
    List<CompletedPart> parts = clientParts.stream()
        .map(p -> CompletedPart.builder().partNumber(p.partNumber()).eTag(received.get(p.partNumber()).etag()).build())
        .toList();
    s3.completeMultipartUpload(c -> c.bucket(bucket).key(key.value()).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
    long size = clientParts.stream().mapToLong(p -> received.get(p.partNumber()).size()).sum();
    return new StoredArtifact(key, size, sha256(key));
  }

  public void abortUpload(ArtifactKey key, String uploadId) {
    s3.abortMultipartUpload(a -> a.bucket(bucket).key(key.value()).uploadId(uploadId));
  }

  /** Reads the object through to compute its SHA-256 (for content that arrived by presigned upload). */
  public String sha256(ArtifactKey key) {
    MessageDigest digest = digest();
    try (InputStream in = new DigestInputStream(open(key), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("read of " + key + " failed", e);
    }
    return hex(digest.digest());
  }

  public Instant presignExpiry() {
    return Instant.now().plus(presignDuration);
  }

  private static String unquote(String etag) {
    return etag == null ? "" : etag.replace("\"", "");
  }

  static String sha256Of(Path file) {
    MessageDigest digest = digest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
    return hex(digest.digest());
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** No object under the key. */
  public static final class ArtifactNotFound extends RuntimeException {
    public ArtifactNotFound(ArtifactKey key) {
      super("no artifact " + key);
    }
  }
}
