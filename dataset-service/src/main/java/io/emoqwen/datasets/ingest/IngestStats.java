package io.emoqwen.datasets.ingest;

import io.emoqwen.core.datasets.DatasetManifest.MediaRef;
import io.emoqwen.core.datasets.DatasetManifest.Record;
import io.emoqwen.core.datasets.DatasetManifest.Stats;
import io.emoqwen.core.datasets.DatasetManifest.Summary;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The distributions a version's manifest and row carry, over its kept records. */
final class IngestStats {

  private IngestStats() {}

  static Stats of(List<Record> records) {
    Map<String, Integer> labels = new TreeMap<>();
    Map<String, Integer> languages = new TreeMap<>();
    for (Record record : records) {
      if (record.label() != null) {
        labels.merge(record.label(), 1, Integer::sum);
      }
      if (record.texts().isEmpty()) {
        languages.merge(languageOf(record), 1, Integer::sum);
      } else {
        record.texts().keySet().forEach(language -> languages.merge(language, 1, Integer::sum));
      }
    }
    List<MediaRef> videos = records.stream().flatMap(r -> r.media().stream()).filter(MediaRef::video).toList();
    return new Stats(labels, languages,
        Summary.of(videos.stream().mapToDouble(MediaRef::durationSeconds).toArray()),
        Summary.of(videos.stream().mapToDouble(MediaRef::sampledFrames).toArray()),
        Summary.of(records.stream().mapToDouble(r -> r.tokens().text()).toArray()),
        Summary.of(records.stream().mapToDouble(r -> r.tokens().visual()).toArray()),
        Summary.of(records.stream().mapToDouble(r -> r.tokens().total()).toArray()));
  }

  /** zh when the answers hold CJK ideographs, else en: enough to tell the bilingual halves apart. */
  private static String languageOf(Record record) {
    boolean cjk = record.conversations().stream().filter(t -> t.role().equals("assistant"))
        .anyMatch(t -> t.content().codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN));
    return cjk ? "zh" : "en";
  }
}
