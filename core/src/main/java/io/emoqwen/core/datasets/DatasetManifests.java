package io.emoqwen.core.datasets;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads and writes {@link DatasetManifest} and {@link ValidationReport} JSON. Output is deterministic (sorted map
 * keys), so the same version always hashes the same; reading ignores unknown fields (a newer writer may add
 * some) but refuses a newer {@link DatasetManifest#FORMAT_VERSION}.
 */
public final class DatasetManifests {

  private static final ObjectMapper JSON = JsonMapper.builder()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .build();

  static {
    JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxStringLength(Integer.MAX_VALUE).maxDocumentLength(Long.MAX_VALUE).build());
  }

  private DatasetManifests() {}

  public static byte[] write(DatasetManifest manifest) {
    return bytes(manifest);
  }

  public static DatasetManifest read(byte[] json) {
    return check(parse(json, DatasetManifest.class));
  }

  public static DatasetManifest read(InputStream json) {
    try {
      return check(JSON.readValue(json, DatasetManifest.class));
    } catch (IOException e) {
      throw new UncheckedIOException("not a dataset manifest", e);
    }
  }

  public static byte[] write(ValidationReport report) {
    return bytes(report);
  }

  public static ValidationReport readReport(byte[] json) {
    return parse(json, ValidationReport.class);
  }

  /** SHA-256 (hex) of bytes, as recorded in version rows and manifests. */
  public static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  private static DatasetManifest check(DatasetManifest manifest) {
    if (manifest.formatVersion() > DatasetManifest.FORMAT_VERSION) {
      throw new IllegalArgumentException("manifest format " + manifest.formatVersion()
          + " is newer than this reader (" + DatasetManifest.FORMAT_VERSION + "): upgrade the reader");
    }
    return manifest;
  }

  private static byte[] bytes(Object value) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T parse(byte[] json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException("not a " + type.getSimpleName() + " document", e);
    }
  }
}
