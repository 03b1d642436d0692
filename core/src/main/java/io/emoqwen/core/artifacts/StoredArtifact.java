package io.emoqwen.core.artifacts;

/** An object as written: where, how many bytes, and the SHA-256 (hex) of its content. */
public record StoredArtifact(ArtifactKey key, long size, String sha256) {}
