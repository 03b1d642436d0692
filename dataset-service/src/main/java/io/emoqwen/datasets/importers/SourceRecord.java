package io.emoqwen.datasets.importers;

import io.emoqwen.core.datasets.DatasetManifest.Text;
import io.emoqwen.core.datasets.DatasetManifest.Turn;
import io.emoqwen.core.datasets.ValidationReport.RecordError;
import java.util.List;
import java.util.Map;

/**
 * One record as an importer read it, before media checks: the common shape every format becomes.
 *
 * @param index position in the source file
 * @param id the record's id (null when missing)
 * @param video whether its media are videos
 * @param mediaField the source field naming the media ({@code video}, {@code image}, {@code video_name}...)
 * @param media media names in placeholder order, as written (relative to the upload)
 * @param conversations user/assistant turns
 * @param label canonical English label, or null
 * @param texts per-language label/subtitle/description
 * @param problems what the importer already found wrong (text-level)
 */
public record SourceRecord(
    int index,
    String id,
    boolean video,
    String mediaField,
    List<String> media,
    List<Turn> conversations,
    String label,
    Map<String, Text> texts,
    List<RecordError> problems) {

  public SourceRecord {
    media = List.copyOf(media);
    conversations = List.copyOf(conversations);
    texts = Map.copyOf(texts);
    problems = List.copyOf(problems);
  }
}
