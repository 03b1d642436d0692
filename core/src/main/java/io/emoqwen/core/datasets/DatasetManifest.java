package io.emoqwen.core.datasets;

import io.emoqwen.core.artifacts.ArtifactKey;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One immutable dataset version, as training and inference read it: every valid record with its text and
 * where its pre-processed media are, the frame-sampling settings those media were made with, counts and stats.
 * Written once by ingest to {@link DatasetKeys#manifest} (JSON through {@link DatasetManifests}); the version
 * row stores the manifest's SHA-256, so a reader can check it has the bytes ingest wrote.
 *
 * <p>Media are never decoded again after ingest: each {@link MediaRef} points at an entry of a training-ready
 * shard (emotion-model's {@code VisualInputCodec} format) holding the sampled, resized, normalised patch rows.
 *
 * @param formatVersion {@link #FORMAT_VERSION}; readers refuse a newer one
 * @param datasetId the dataset
 * @param version the version number within the dataset (1, 2, ...)
 * @param kind what the dataset is for
 * @param sourceFormat the format the records were imported from
 * @param frames how media were sampled and resized into the shards
 * @param counts how many records, media, shards
 * @param stats distributions over the valid records
 * @param shards the training-ready shards, in ordinal order
 * @param records the valid records, in source order
 * @param validationReportSha256 SHA-256 of the version's validation report ({@link DatasetKeys#validationReport})
 */
public record DatasetManifest(
    int formatVersion,
    UUID datasetId,
    int version,
    DatasetKind kind,
    SourceFormat sourceFormat,
    FrameSettings frames,
    Counts counts,
    Stats stats,
    List<Shard> shards,
    List<Record> records,
    String validationReportSha256) {

  public static final int FORMAT_VERSION = 1;

  public DatasetManifest {
    shards = List.copyOf(shards);
    records = List.copyOf(records);
  }

  /**
   * The sampling and resize settings (MODEL.md section 2) the shards were made with. A trainer whose processor
   * wants different numbers must ingest a new version rather than reinterpret these patches.
   *
   * @param fps frames sampled per second of video
   * @param maxPixels per-frame area cap asked for (the configuration's own cap applies when lower)
   * @param minFrames fewest frames sampled from a video
   * @param maxFrames most frames sampled from a video
   * @param videoMinPixels lower bound on a frame's area after resize
   * @param videoMaxPixels the configuration's per-frame cap before the total-pixels share
   * @param videoTotalPixels pixels all frames of one video may take together
   * @param imageMinPixels lower bound on an image's area after resize
   * @param imageMaxPixels upper bound on an image's area after resize
   * @param modelMaxLength the token limit every record was checked against
   */
  public record FrameSettings(
      double fps,
      long maxPixels,
      int minFrames,
      int maxFrames,
      long videoMinPixels,
      long videoMaxPixels,
      long videoTotalPixels,
      long imageMinPixels,
      long imageMaxPixels,
      int modelMaxLength) {}

  /**
   * @param records records read from the source
   * @param valid records kept (the size of {@link #records()})
   * @param invalid records left out (listed in the validation report)
   * @param images image media across kept records
   * @param videos video media across kept records
   * @param shards shard files
   */
  public record Counts(int records, int valid, int invalid, int images, int videos, int shards) {}

  /**
   * Distributions over the kept records.
   *
   * @param labels records per label (canonical English label word); empty when the dataset has no labels
   * @param languages records per language of their text ({@code en}, {@code zh}, ...)
   * @param durationSeconds video lengths
   * @param frames frames sampled per video
   * @param textTokens text tokens per record
   * @param visualTokens visual tokens per record
   * @param totalTokens text + visual tokens per record
   */
  public record Stats(
      Map<String, Integer> labels,
      Map<String, Integer> languages,
      Summary durationSeconds,
      Summary frames,
      Summary textTokens,
      Summary visualTokens,
      Summary totalTokens) {

    public Stats {
      labels = Map.copyOf(labels);
      languages = Map.copyOf(languages);
    }
  }

  /** Count, sum, min, max and mean of a quantity; all zero when nothing was measured. */
  public record Summary(long count, double sum, double min, double max, double mean) {

    public static Summary of(double... values) {
      if (values.length == 0) {
        return new Summary(0, 0, 0, 0, 0);
      }
      double sum = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (double v : values) {
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      return new Summary(values.length, sum, min, max, sum / values.length);
    }
  }

  /**
   * One training-ready shard.
   *
   * @param ordinal position of the shard (0, 1, ...)
   * @param path key below the tenant's prefix ({@link DatasetKeys#shardPath}); use {@link #key(UUID)}
   * @param entries visual inputs held
   * @param bytes size of the object
   * @param sha256 SHA-256 (hex) of the object
   */
  public record Shard(int ordinal, String path, int entries, long bytes, String sha256) {

    public ArtifactKey key(UUID tenantId) {
      return ArtifactKey.of(tenantId, path);
    }
  }

  /**
   * One valid record. Every record has a conversation: label-only formats (DFEW, MER2024, EMER) get the
   * evaluation prompt of MODEL.md section 4 as the user turn and the answer as the assistant turn, so training
   * and evaluation read all kinds the same way.
   *
   * @param id unique within the version
   * @param index position in the source file
   * @param conversations alternating user/assistant turns, placeholders {@code <image>}/{@code <video>} in place
   * @param label canonical English label word (e.g. {@code happy}); null when the record has none
   * @param texts per language ({@code en}, {@code zh}) the label, subtitle and description as written; may be empty
   * @param media one entry per placeholder, in placeholder order
   * @param tokens token counts at the version's frame settings
   */
  public record Record(
      String id,
      int index,
      List<Turn> conversations,
      String label,
      Map<String, Text> texts,
      List<MediaRef> media,
      Tokens tokens) {

    public Record {
      conversations = List.copyOf(conversations);
      texts = Map.copyOf(texts);
      media = List.copyOf(media);
    }
  }

  /** A conversation turn; role is {@code user} or {@code assistant} (or {@code system}). */
  public record Turn(String role, String content) {}

  /** A record's text in one language (any part may be null). */
  public record Text(String label, String subtitle, String description) {}

  /**
   * One image or video of a record and where its patch rows are.
   *
   * @param name the media name as the source wrote it (relative path)
   * @param video whether it is a video
   * @param sourceSha256 SHA-256 of the original media file
   * @param shard ordinal of the shard ({@link DatasetManifest#shards()})
   * @param entry index of the visual input inside that shard
   * @param width original width in pixels
   * @param height original height in pixels
   * @param durationSeconds video length (0 for images)
   * @param sourceFps video frame rate (0 for images)
   * @param sourceFrames frames in the original video (1 for images)
   * @param sampledFrames frames sampled into the shard (1 for images)
   * @param gridT temporal patches
   * @param gridH patch rows
   * @param gridW patch columns
   * @param tokens visual tokens this medium takes
   */
  public record MediaRef(
      String name,
      boolean video,
      String sourceSha256,
      int shard,
      int entry,
      int width,
      int height,
      double durationSeconds,
      double sourceFps,
      int sourceFrames,
      int sampledFrames,
      int gridT,
      int gridH,
      int gridW,
      int tokens) {}

  /** Tokens of a record: its rendered text outside the visual pads, and the visual pads. */
  public record Tokens(int text, int visual) {
    public int total() {
      return text + visual;
    }
  }
}
