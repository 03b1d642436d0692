package io.emoqwen.api.apikeys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The key format {@code eqk_<prefix>_<secret>}: an 8-character prefix to find the key by, and a 256-bit
 * random secret. A secret that random needs no slow hash: SHA-256 cannot be brute-forced back to it, and it
 * keeps verification cheap enough to run on every request.
 */
public final class ApiKeySecrets {

  static final String MARKER = "eqk_";
  private static final Pattern FORMAT = Pattern.compile("eqk_([a-z0-9]{8})_([A-Za-z0-9_-]{20,200})");
  private static final char[] PREFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();
  // Looking up the provider is most of a short hash's cost, and every request with a key hashes it.
  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  });

  private ApiKeySecrets() {}

  /** A parsed key: where to find it, and what to hash. */
  public record Parsed(String prefix, String secret) {}

  public static boolean looksLikeKey(String token) {
    return token != null && token.startsWith(MARKER);
  }

  public static Optional<Parsed> parse(String key) {
    if (key == null) {
      return Optional.empty();
    }
    var matcher = FORMAT.matcher(key);
    return matcher.matches() ? Optional.of(new Parsed(matcher.group(1), matcher.group(2))) : Optional.empty();
  }

  public static String generate() {
    StringBuilder prefix = new StringBuilder(8);
    for (int i = 0; i < 8; i++) {
      prefix.append(PREFIX_ALPHABET[RANDOM.nextInt(PREFIX_ALPHABET.length)]);
    }
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return MARKER + prefix + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  static String hash(String secret) {
    return HexFormat.of().formatHex(SHA_256.get().digest(secret.getBytes(StandardCharsets.UTF_8)));
  }

  static boolean matches(String secret, String storedHash) {
    return MessageDigest.isEqual(
        hash(secret).getBytes(StandardCharsets.US_ASCII), storedHash.getBytes(StandardCharsets.US_ASCII));
  }
}
