package io.emoqwen.inference.http;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

/**
 * This worker's id in the registry and the secret the gateway must present on its internal endpoint. The
 * secret is made at start and published only through the worker registry (platform-level, read by the
 * gateway), so no configuration has to carry it and it never appears in a log.
 */
public record WorkerIdentity(String id, String token) {

  public static final String ROLE = "inference";
  public static final String AUTH_SCHEME = "EmoqwenWorker ";

  public static WorkerIdentity create() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return new WorkerIdentity("inference-" + UUID.randomUUID(), HexFormat.of().formatHex(secret));
  }

  boolean accepts(String authorization) {
    return authorization != null && authorization.startsWith(AUTH_SCHEME)
        && java.security.MessageDigest.isEqual(authorization.substring(AUTH_SCHEME.length()).getBytes(),
            token.getBytes());
  }

  @Override
  public String toString() {
    return "WorkerIdentity[" + id + "]";
  }
}
