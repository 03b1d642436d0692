package io.emoqwen.api.web;

import java.io.InputStream;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** A stored file handed to the client as a download, streamed so it never sits whole in the gateway's memory. */
public final class Downloads {

  private Downloads() {}

  /**
   * Streams {@code in} and closes it. The caller opens it, so that a missing file is refused before the response
   * starts.
   */
  public static ResponseEntity<StreamingResponseBody> attachment(InputStream in, MediaType type, String filename) {
    StreamingResponseBody body = out -> {
      try (in) {
        in.transferTo(out);
      }
    };
    return ResponseEntity.ok().contentType(type)
        .header("Content-Disposition", "attachment; filename=\"" + filename + "\"").body(body);
  }
}
