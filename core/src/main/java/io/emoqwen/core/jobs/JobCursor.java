package io.emoqwen.core.jobs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** An opaque keyset position (created_at, id) in a newest-first listing. */
record JobCursor(Instant createdAt, UUID id) {

  static JobCursor after(Job last) {
    return new JobCursor(last.createdAt(), last.id());
  }

  String encode() {
    String plain = createdAt.getEpochSecond() + "." + createdAt.getNano() + "." + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  static JobCursor decode(String cursor) {
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\.", 3);
      return new JobCursor(
          Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), UUID.fromString(parts[2]));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cursor is not one this API handed out");
    }
  }
}
