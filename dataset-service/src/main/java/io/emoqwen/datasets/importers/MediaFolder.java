package io.emoqwen.datasets.importers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where label files' clip names are looked up: a clip named after the record's id, with a video extension. */
public record MediaFolder(Path root) {

  public static final List<String> VIDEO_EXTENSIONS = List.of("mp4", "avi", "mov", "mkv", "webm");

  /** The media name for an id: the first {@code <id>.<ext>} that exists, else {@code <id>.mp4}. */
  String videoFor(String id) {
    for (String extension : VIDEO_EXTENSIONS) {
      String name = id + "." + extension;
      try {
        if (Files.isRegularFile(root.resolve(name).normalize())) {
          return name;
        }
      } catch (RuntimeException e) {
        return id + ".mp4";
      }
    }
    return id + ".mp4";
  }
}
