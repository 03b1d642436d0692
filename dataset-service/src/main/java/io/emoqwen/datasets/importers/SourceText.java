package io.emoqwen.datasets.importers;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A source file's bytes as text. Invalid UTF-8 does not sink the whole file: it decodes with U+FFFD in place of
 * the bad bytes, and {@link #damaged(String)} tells the importers which records those landed in.
 */
record SourceText(String text, boolean validUtf8) {

  static final char REPLACEMENT = '\uFFFD';

  static SourceText decode(byte[] bytes) {
    int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
    ByteBuffer buffer = ByteBuffer.wrap(bytes, start, bytes.length - start);
    try {
      String strict = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(buffer).toString();
      return new SourceText(strict, true);
    } catch (CharacterCodingException e) {
      return new SourceText(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8), false);
    }
  }

  /** Whether a piece of this text holds bytes that were not UTF-8. */
  boolean damaged(String piece) {
    return !validUtf8 && piece != null && piece.indexOf(REPLACEMENT) >= 0;
  }
}
