package io.emoqwen.model.media;

import java.nio.file.Path;

/** A media file that cannot be read as the image or video it claims to be; the message names file and cause. */
public class MediaDecodeException extends RuntimeException {

  private final Path file;

  public MediaDecodeException(Path file, String reason) {
    super(file + ": " + reason);
    this.file = file;
  }

  public MediaDecodeException(Path file, String reason, Throwable cause) {
    super(file + ": " + reason + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"), cause);
    this.file = file;
  }

  public Path file() {
    return file;
  }
}
