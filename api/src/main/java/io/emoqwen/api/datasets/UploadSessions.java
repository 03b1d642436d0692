package io.emoqwen.api.datasets;

import io.emoqwen.api.datasets.UploadSessionRepository.File;
import io.emoqwen.api.datasets.UploadSessionRepository.Session;
import io.emoqwen.api.errors.ApiException;
import io.emoqwen.core.artifacts.ArtifactKey;
import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.artifacts.MultipartUploads.Part;
import io.emoqwen.core.artifacts.MultipartUploads.PartsMismatch;
import io.emoqwen.core.artifacts.StoredArtifact;
import io.emoqwen.core.datasets.DatasetKeys;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Upload sessions: bytes go from the client straight to S3 by presigned multipart upload; the gateway only
 * hands out part URLs, checks what arrived and keeps the rows. Callers run these inside the tenant's transaction.
 */
@Service
class UploadSessions {

  /** S3 allows at most this many parts per upload, so a big file gets bigger parts. */
  private static final int MAX_PARTS = 10_000;
  private static final long MIB = 1024 * 1024;

  private final UploadSessionRepository sessions;
  private final ArtifactStore store;
  private final DatasetApiProperties properties;
  private final Clock clock = Clock.systemUTC();

  UploadSessions(UploadSessionRepository sessions, ArtifactStore store, DatasetApiProperties properties) {
    this.sessions = sessions;
    this.store = store;
    this.properties = properties;
  }

  record FileSpec(String name, long size, String contentType, String sha256) {}

  record PartUrl(int partNumber, URI url, Instant expiresAt) {}

  record ReceivedPart(int partNumber, String etag, long size) {}

  record FileView(String name, long size, long partSize, int partCount, boolean completed, String sha256,
      List<ReceivedPart> received, List<PartUrl> upload) {}

  record SessionView(UUID id, UUID datasetId, String state, Instant expiresAt, List<FileView> files) {}

  record PartEtag(int partNumber, String etag) {}

  record FileParts(String name, List<PartEtag> parts) {}

  SessionView open(UUID tenantId, UUID datasetId, UUID createdBy, List<FileSpec> files) {
    Set<String> names = new HashSet<>();
    long total = 0;
    for (int i = 0; i < files.size(); i++) {
      FileSpec file = files.get(i);
      if (!names.add(file.name())) {
        throw ApiException.badRequest("files[" + i + "].name: '" + file.name() + "' is listed twice");
      }
      total += file.size();
    }
    long held = sessions.bytesHeld(tenantId);
    long quota = sessions.storageQuota(tenantId);
    if (held + total > quota) {
      throw new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "the upload of " + total + " bytes would exceed the"
          + " tenant's storage quota of " + quota + " bytes (" + held + " held)");
    }
    UUID id = UUID.randomUUID();
    ArtifactKey prefix = DatasetKeys.uploads(tenantId, datasetId, id);
    List<ArtifactKey> keys = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      keys.add(keyOf(prefix, files.get(i).name(), "files[" + i + "].name"));
    }
    sessions.insertSession(tenantId, id, datasetId, "OPEN", clock.instant().plus(properties.sessionTtl()), createdBy);
    for (int i = 0; i < files.size(); i++) {
      FileSpec file = files.get(i);
      String uploadId = store.startUpload(keys.get(i), file.contentType()).uploadId();
      sessions.insertFile(tenantId, id, new File(file.name(), keys.get(i).value(), uploadId, file.size(),
          partSize(file.size()), file.sha256(), null, false));
    }
    return view(tenantId, datasetId, id);
  }

  SessionView view(UUID tenantId, UUID datasetId, UUID sessionId) {
    Session session = sessions.find(tenantId, datasetId, sessionId)
        .orElseThrow(() -> ApiException.notFound("upload session"));
    List<FileView> files = new ArrayList<>();
    for (File file : sessions.files(tenantId, sessionId)) {
      files.add(fileView(session, file));
    }
    return new SessionView(session.id(), datasetId, session.state(), session.expiresAt(), files);
  }

  /**
   * Completes every file the request lists. Any mismatch (parts, size, SHA-256) refuses the whole request and
   * leaves the session open, with the bad file ready to be sent again.
   */
  SessionView complete(UUID tenantId, UUID datasetId, UUID sessionId, List<FileParts> claimed) {
    Session session = openSession(tenantId, datasetId, sessionId);
    Map<String, File> files = new HashMap<>();
    sessions.files(tenantId, sessionId).forEach(f -> files.put(f.name(), f));
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < claimed.size(); i++) {
      FileParts parts = claimed.get(i);
      File file = files.get(parts.name());
      if (file == null) {
        problems.add("files[" + i + "].name: the session has no file '" + parts.name() + "'");
      } else if (!file.completed()) {
        completeFile(tenantId, sessionId, file, parts, "files[" + i + "]").ifPresent(problems::add);
      }
    }
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(String.join("; ", problems));
    }
    List<String> missing = sessions.files(tenantId, sessionId).stream().filter(f -> !f.completed())
        .map(File::name).toList();
    if (missing.isEmpty()) {
      sessions.setState(tenantId, sessionId, "COMPLETED");
    }
    return view(tenantId, datasetId, session.id());
  }

  private java.util.Optional<String> completeFile(UUID tenantId, UUID sessionId, File file, FileParts claimed,
      String field) {
    ArtifactKey key = ArtifactKey.of(tenantId, file.objectKey().substring(("tenants/" + tenantId + "/").length()));
    List<Part> received = store.uploadedParts(key, file.uploadId());
    long arrived = received.stream().mapToLong(Part::size).sum();
    // Checked before completing: the multipart upload stays open and the client can still fix it.
    if (arrived != file.sizeBytes()) {
      return java.util.Optional.of(field + ": " + arrived + " bytes arrived, " + file.sizeBytes() + " declared");
    }
    StoredArtifact stored;
    try {
      stored = store.completeUpload(key, file.uploadId(),
          claimed.parts().stream().map(p -> new Part(p.partNumber(), p.etag(), 0)).toList());
    } catch (PartsMismatch e) {
      return java.util.Optional.of(field + ".parts: " + e.getMessage());
    }
    if (file.expectedSha256() != null && !file.expectedSha256().equalsIgnoreCase(stored.sha256())) {
      // The parts made a whole object that is not the file: drop it and let the client send it again.
      store.delete(key);
      sessions.fileRestarted(tenantId, sessionId, file.name(), store.startUpload(key, null).uploadId());
      return java.util.Optional.of(field + ".sha256: the uploaded content has SHA-256 " + stored.sha256()
          + ", not the declared " + file.expectedSha256() + "; send the file again");
    }
    sessions.fileCompleted(tenantId, sessionId, file.name(), stored.sha256());
    return java.util.Optional.empty();
  }

  SessionView abort(UUID tenantId, UUID datasetId, UUID sessionId) {
    openSession(tenantId, datasetId, sessionId);
    discard(tenantId, datasetId, sessionId);
    sessions.setState(tenantId, sessionId, "ABORTED");
    return view(tenantId, datasetId, sessionId);
  }

  /** Aborts the open multipart uploads of a session and deletes what was completed (also used by the sweep). */
  void discard(UUID tenantId, UUID datasetId, UUID sessionId) {
    ArtifactKey prefix = DatasetKeys.uploads(tenantId, datasetId, sessionId);
    for (File file : sessions.files(tenantId, sessionId)) {
      if (file.uploadId() != null && !file.completed()) {
        store.abortUpload(keyOf(prefix, file.name(), "name"), file.uploadId());
      }
    }
    store.deleteAll(prefix);
  }

  /** Records files posted inline with a version: a session that is complete the moment it exists. */
  UUID direct(UUID tenantId, UUID datasetId, UUID createdBy, Map<String, byte[]> files) {
    UUID id = UUID.randomUUID();
    ArtifactKey prefix = DatasetKeys.uploads(tenantId, datasetId, id);
    long total = files.values().stream().mapToLong(b -> b.length).sum();
    long held = sessions.bytesHeld(tenantId);
    long quota = sessions.storageQuota(tenantId);
    if (held + total > quota) {
      throw new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "the records would exceed the tenant's storage quota of "
          + quota + " bytes (" + held + " held)");
    }
    sessions.insertSession(tenantId, id, datasetId, "COMPLETED", clock.instant().plus(properties.sessionTtl()),
        createdBy);
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      ArtifactKey key = keyOf(prefix, file.getKey(), "files.name");
      StoredArtifact stored = store.put(key, file.getValue());
      sessions.insertFile(tenantId, id, new File(file.getKey(), key.value(), null, stored.size(), stored.size(), null,
          stored.sha256(), true));
    }
    return id;
  }

  private Session openSession(UUID tenantId, UUID datasetId, UUID sessionId) {
    Session session = sessions.lock(tenantId, datasetId, sessionId)
        .orElseThrow(() -> ApiException.notFound("upload session"));
    if (!session.state().equals("OPEN")) {
      throw ApiException.conflict("the upload session is " + session.state());
    }
    if (session.expiresAt().isBefore(clock.instant())) {
      throw ApiException.conflict("the upload session expired at " + session.expiresAt());
    }
    return session;
  }

  private FileView fileView(Session session, File file) {
    int partCount = partCount(file.sizeBytes(), file.partSize());
    List<ReceivedPart> received = List.of();
    List<PartUrl> urls = List.of();
    if (session.state().equals("OPEN") && !file.completed() && file.uploadId() != null) {
      ArtifactKey key = ArtifactKey.of(session.tenantId(),
          file.objectKey().substring(("tenants/" + session.tenantId() + "/").length()));
      received = store.uploadedParts(key, file.uploadId()).stream()
          .map(p -> new ReceivedPart(p.partNumber(), p.etag(), p.size())).toList();
      Set<Integer> arrived = new HashSet<>();
      received.forEach(p -> arrived.add(p.partNumber()));
      List<PartUrl> missing = new ArrayList<>();
      for (int n = 1; n <= partCount; n++) {
        if (!arrived.contains(n)) {
          var presigned = store.presignPart(key, file.uploadId(), n);
          missing.add(new PartUrl(n, URI.create(presigned.url().toString()), presigned.expiresAt()));
        }
      }
      urls = missing;
    }
    return new FileView(file.name(), file.sizeBytes(), file.partSize(), partCount, file.completed(), file.sha256(),
        received, urls);
  }

  /** The server's part size: the configured one, or bigger where the file would need more than 10,000 parts. */
  long partSize(long size) {
    long minimum = Math.max(5 * MIB, properties.partSizeBytes());
    long needed = (size + MAX_PARTS - 1) / MAX_PARTS;
    return Math.max(minimum, (needed + MIB - 1) / MIB * MIB);
  }

  static int partCount(long size, long partSize) {
    return (int) Math.max(1, (size + partSize - 1) / partSize);
  }

  private static ArtifactKey keyOf(ArtifactKey prefix, String name, String field) {
    try {
      return prefix.child(name);
    } catch (ArtifactKey.InvalidArtifactKey e) {
      throw ApiException.badRequest(field + ": " + e.getMessage());
    }
  }
}
