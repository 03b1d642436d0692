package io.emoqwen.core.artifacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An object key the platform built: always under a tenant's prefix (or the platform's own), from segments
 * that are checked one by one. A user never names a raw key, so no input can reach another tenant's objects.
 */
public final class ArtifactKey {

  private static final int MAX_LENGTH = 1024;

  private final String value;

  private ArtifactKey(String value) {
    this.value = value;
  }

  /** {@code tenants/<id>/<segments...>}; a segment may be a relative path such as a file inside an archive. */
  public static ArtifactKey of(UUID tenantId, String... segments) {
    Objects.requireNonNull(tenantId, "tenantId");
    return build("tenants/" + tenantId, segments);
  }

  /** Objects that belong to no tenant, such as base model weights shared by all. */
  public static ArtifactKey platform(String... segments) {
    return build("platform", segments);
  }

  private static ArtifactKey build(String root, String... segments) {
    if (segments.length == 0) {
      throw new IllegalArgumentException("an artifact key needs at least one segment below " + root);
    }
    List<String> parts = new ArrayList<>();
    parts.add(root);
    for (String segment : segments) {
      parts.addAll(checkedPath(segment));
    }
    String key = String.join("/", parts);
    if (key.length() > MAX_LENGTH) {
      throw new InvalidArtifactKey("an artifact key is at most " + MAX_LENGTH + " characters");
    }
    return new ArtifactKey(key);
  }

  private static List<String> checkedPath(String segment) {
    if (segment == null || segment.isEmpty()) {
      throw new InvalidArtifactKey("empty path segment");
    }
    if (segment.startsWith("/") || segment.contains("\\") || segment.matches("^[A-Za-z]:.*")) {
      throw new InvalidArtifactKey("absolute or non-portable path: " + printable(segment));
    }
    List<String> names = List.of(segment.split("/", -1));
    for (String name : names) {
      if (name.isEmpty() || name.equals(".") || name.equals("..")) {
        throw new InvalidArtifactKey("path segment '" + printable(name) + "' is not allowed in " + printable(segment));
      }
      if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new InvalidArtifactKey("control character in " + printable(segment));
      }
    }
    return names;
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().limit(200).forEach(c -> {
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }

  /** A key S3 listed under a prefix the platform built. */
  static ArtifactKey listed(String key) {
    return new ArtifactKey(key);
  }

  /** The key below this one: {@code key.child("shard-0001.bin")}. */
  public ArtifactKey child(String... segments) {
    List<String> parts = new ArrayList<>(List.of(value));
    for (String segment : segments) {
      parts.addAll(checkedPath(segment));
    }
    return new ArtifactKey(String.join("/", parts));
  }

  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ArtifactKey key && key.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }

  /** A key segment that could escape its prefix or is not a portable name. */
  public static final class InvalidArtifactKey extends IllegalArgumentException {
    public InvalidArtifactKey(String message) {
      super(message);
    }
  }
}
