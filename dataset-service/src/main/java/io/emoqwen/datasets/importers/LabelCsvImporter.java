package io.emoqwen.datasets.importers;

import io.emoqwen.core.datasets.DatasetManifest.Text;
import io.emoqwen.core.datasets.DatasetManifest.Turn;
import io.emoqwen.core.datasets.ValidationReport.RecordError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** DFEW ({@code video_name,label}, label 1..7) and MER2024 ({@code name,discrete}) label files. */
final class LabelCsvImporter {

  static final List<String> DFEW_LABELS = List.of("happy", "sad", "neutral", "angry", "surprise", "disgust", "fear");
  static final List<String> MER_LABELS = List.of("happy", "sad", "neutral", "angry", "surprise", "worried");

  private LabelCsvImporter() {}

  static ImportedRecords dfew(String file, byte[] content, MediaFolder media) {
    return read(file, content, media, List.of("video_name", "label"), DFEW_LABELS, true);
  }

  static ImportedRecords mer2024(String file, byte[] content, MediaFolder media) {
    return read(file, content, media, List.of("name", "discrete"), MER_LABELS, false);
  }

  private static ImportedRecords read(String file, byte[] content, MediaFolder media, List<String> header,
      List<String> labels, boolean numbered) {
    SourceText source = SourceText.decode(content);
    List<List<String>> rows = Csv.rows(source.text());
    if (rows.isEmpty() || !rows.get(0).stream().map(String::trim).toList().equals(header)) {
      return ImportedRecords.fileError(file, "the header must be " + String.join(",", header)
          + (rows.isEmpty() ? ", the file is empty" : ", found " + String.join(",", rows.get(0))));
    }
    List<SourceRecord> records = new ArrayList<>();
    for (int r = 1; r < rows.size(); r++) {
      int index = r - 1;
      List<String> row = rows.get(r);
      List<RecordError> problems = new ArrayList<>();
      String id = row.get(0).trim();
      if (id.isEmpty()) {
        problems.add(new RecordError(index, null, header.get(0), "the clip name is empty"));
        id = null;
      } else if (source.damaged(id)) {
        problems.add(new RecordError(index, id, header.get(0), "text is not valid UTF-8"));
      }
      String label = null;
      String raw = row.size() > 1 ? row.get(1).trim() : "";
      if (row.size() != 2) {
        problems.add(new RecordError(index, id, "row", "expected 2 columns, found " + row.size()));
      } else if (numbered) {
        label = raw.matches("[1-7]") ? labels.get(Integer.parseInt(raw) - 1) : null;
      } else {
        label = labels.contains(raw) ? raw : null;
      }
      if (label == null && row.size() == 2) {
        problems.add(new RecordError(index, id, header.get(1), "'" + raw + "' is not one of "
            + (numbered ? "1..7 (" + String.join(", ", labels) + ")" : String.join(", ", labels))));
      }
      List<String> clip = id == null ? List.of() : List.of(media.videoFor(id));
      List<Turn> turns = List.of(new Turn("user", EvaluationPrompts.oneWord(labels)),
          new Turn("assistant", label == null ? "" : label));
      records.add(new SourceRecord(index, id, true, header.get(0), clip, turns, label,
          label == null ? Map.of() : Map.of("en", new Text(label, null, null)), problems));
    }
    return new ImportedRecords(records, List.of());
  }
}
