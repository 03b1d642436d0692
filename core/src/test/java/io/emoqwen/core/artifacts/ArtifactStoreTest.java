package io.emoqwen.core.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emoqwen.core.artifacts.MultipartUploads.Part;
import io.emoqwen.core.artifacts.MultipartUploads.PartsMismatch;
import io.emoqwen.core.testing.TestArtifactStores;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The artifact store against a real S3 protocol server (s3proxy on local disk). */
class ArtifactStoreTest {

  static ArtifactStore store;
  static final UUID TENANT = UUID.randomUUID();
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void connect() {
    store = TestArtifactStores.fresh("artifacts");
  }

  static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  static String sha256(byte[] content) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
  }

  @Test
  void aStreamOfUnknownLengthGoesUpInPartsAndComesBackIdenticalWithItsHash() throws Exception {
    byte[] content = randomBytes(19 * 1024 * 1024, 1); // three parts of 8 MiB
    ArtifactKey key = ArtifactKey.of(TENANT, "checkpoints", "c1", "model.safetensors");

    StoredArtifact stored = store.put(key, new ByteArrayInputStream(content));

    assertThat(stored.size()).isEqualTo(content.length);
    assertThat(stored.sha256()).isEqualTo(sha256(content));
    try (InputStream in = store.open(key)) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    assertThat(store.sha256(key)).isEqualTo(stored.sha256());
  }

  @Test
  void aDownloadChecksTheRecordedHashAndLandsAtomically(@TempDir Path directory) throws Exception {
    Path source = directory.resolve("source.bin");
    Files.write(source, randomBytes(100_000, 2));
    ArtifactKey key = ArtifactKey.of(TENANT, "results", "r.bin");
    StoredArtifact stored = store.put(key, source);

    Path target = directory.resolve("cache/r.bin");
    StoredArtifact downloaded = store.download(key, target);
    assertThat(downloaded.sha256()).isEqualTo(stored.sha256());
    assertThat(Files.readAllBytes(target)).isEqualTo(Files.readAllBytes(source));
    assertThat(directory.resolve("cache/r.bin.partial")).doesNotExist();
  }

  @Test
  void aClientUploadsPartsThroughPresignedUrlsResumesAndCompletesWithPartChecksums() throws Exception {
    byte[] first = randomBytes(5 * 1024 * 1024, 3);
    byte[] second = randomBytes(1024, 4);
    ArtifactKey key = ArtifactKey.of(TENANT, "uploads", "u1", "videos.zip");
    var started = store.startUpload(key, "application/zip");

    String etag1 = putPart(store.presignPart(key, started.uploadId(), 1).url().toURI(), first);
    // The client "reloads the page": it asks which parts arrived and sends only the rest.
    assertThat(store.uploadedParts(key, started.uploadId())).extracting(Part::partNumber).containsExactly(1);
    String etag2 = putPart(store.presignPart(key, started.uploadId(), 2).url().toURI(), second);

    assertThatThrownBy(() -> store.completeUpload(key, started.uploadId(),
            List.of(new Part(1, etag1, 0), new Part(2, "\"not-the-etag\"", 0))))
        .isInstanceOf(PartsMismatch.class).hasMessageContaining("part 2");

    StoredArtifact stored = store.completeUpload(key, started.uploadId(), List.of(new Part(1, etag1, 0), new Part(2, etag2, 0)));
    byte[] whole = new byte[first.length + second.length];
    System.arraycopy(first, 0, whole, 0, first.length);
    System.arraycopy(second, 0, whole, first.length, second.length);
    assertThat(stored.size()).isEqualTo(whole.length);
    assertThat(stored.sha256()).isEqualTo(sha256(whole));
  }

  @Test
  void anAbortedUploadLeavesNoObject() throws Exception {
    ArtifactKey key = ArtifactKey.of(TENANT, "uploads", "u2", "abandoned.bin");
    var started = store.startUpload(key, null);
    putPart(store.presignPart(key, started.uploadId(), 1).url().toURI(), randomBytes(1000, 5));
    store.abortUpload(key, started.uploadId());
    assertThat(store.sizeOf(key)).isEmpty();
  }

  @Test
  void listingAndDeletingStayUnderThePrefix() {
    ArtifactKey prefix = ArtifactKey.of(TENANT, "listing");
    List<ArtifactKey> keys = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      keys.add(prefix.child("f" + i));
      store.put(prefix.child("f" + i), new byte[] {(byte) i});
    }
    store.put(ArtifactKey.of(TENANT, "listing-other", "g"), new byte[] {9});
    assertThat(store.list(prefix)).extracting(ArtifactStore.ListedArtifact::key).containsExactlyElementsOf(keys);
    store.deleteAll(prefix);
    assertThat(store.list(prefix)).isEmpty();
    assertThat(store.sizeOf(ArtifactKey.of(TENANT, "listing-other", "g"))).contains(1L);
  }

  @Test
  void aPresignedGetServesTheObjectWithoutCredentials() throws Exception {
    ArtifactKey key = ArtifactKey.of(TENANT, "media", "preview.jpg");
    store.put(key, "jpeg bytes".getBytes());
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(store.presignGet(key).url().toURI()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("jpeg bytes");
  }

  @Test
  void theEmbeddedServerLetsABrowserPutPartsAndReadTheirEtag() throws Exception {
    ArtifactKey key = ArtifactKey.of(TENANT, "uploads", "u3", "from-browser.bin");
    var started = store.startUpload(key, null);
    URI url = store.presignPart(key, started.uploadId(), 1).url().toURI();
    HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(url)
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", "http://localhost:8080")
            .header("Access-Control-Request-Method", "PUT").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.statusCode()).isEqualTo(200);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("PUT");
    HttpResponse<String> put = http.send(HttpRequest.newBuilder(url).header("Origin", "http://localhost:8080")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3})).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(put.headers().firstValue("Access-Control-Expose-Headers").orElse("")).containsIgnoringCase("ETag");
    store.abortUpload(key, started.uploadId());
  }

  private static String putPart(URI url, byte[] content) throws Exception {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(url).PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.headers().firstValue("ETag").orElseThrow();
  }
}
