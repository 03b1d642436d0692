package io.emoqwen.datasets.importers;

import io.emoqwen.core.datasets.DatasetManifest.Text;
import io.emoqwen.core.datasets.DatasetManifest.Turn;
import io.emoqwen.core.datasets.ValidationReport.RecordError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EMER annotations: {@code names,emotions,subtitles,reasons} in English and in Chinese, the same clips in both.
 * One record per clip: the English reasoning is the assistant's answer, both languages are kept as texts.
 */
final class EmerCsvImporter {

  private static final List<String> HEADER = List.of("names", "emotions", "subtitles", "reasons");

  private EmerCsvImporter() {}

  static ImportedRecords read(String englishFile, byte[] english, String chineseFile, byte[] chinese,
      MediaFolder media) {
    List<RecordError> fileErrors = new ArrayList<>();
    Map<String, List<String>> en = rows(englishFile, english, fileErrors);
    Map<String, List<String>> zh = chinese == null ? Map.of() : rows(chineseFile, chinese, fileErrors);
    if (!fileErrors.isEmpty()) {
      return new ImportedRecords(List.of(), fileErrors);
    }
    List<SourceRecord> records = new ArrayList<>();
    int index = 0;
    for (Map.Entry<String, List<String>> entry : en.entrySet()) {
      String id = entry.getKey();
      List<String> row = entry.getValue();
      List<RecordError> problems = new ArrayList<>();
      Map<String, Text> texts = new LinkedHashMap<>();
      texts.put("en", new Text(row.get(1), row.get(2), row.get(3)));
      List<String> other = zh.get(id);
      if (other != null) {
        texts.put("zh", new Text(other.get(1), other.get(2), other.get(3)));
      } else if (chinese != null) {
        problems.add(new RecordError(index, id, "names", "the clip is missing from " + chineseFile));
      }
      for (Map.Entry<String, Text> text : texts.entrySet()) {
        Text t = text.getValue();
        if (t.description().isBlank()) {
          problems.add(new RecordError(index, id, text.getKey() + ".reasons", "the reasoning is empty"));
        }
        if (damaged(t.label()) || damaged(t.subtitle()) || damaged(t.description())) {
          problems.add(new RecordError(index, id, text.getKey(), "text is not valid UTF-8"));
        }
      }
      List<Turn> turns = List.of(new Turn("user", EvaluationPrompts.withSubtitle(row.get(2))),
          new Turn("assistant", row.get(3)));
      records.add(new SourceRecord(index, id, true, "names", List.of(media.videoFor(id)), turns,
          row.get(1).trim().toLowerCase(java.util.Locale.ROOT), texts, problems));
      index++;
    }
    for (String id : zh.keySet()) {
      if (!en.containsKey(id)) {
        fileErrors.add(new RecordError(-1, id, "names", "the clip is in " + chineseFile + " but not in " + englishFile));
      }
    }
    return new ImportedRecords(records, fileErrors);
  }

  private static boolean damaged(String text) {
    return text != null && text.indexOf(SourceText.REPLACEMENT) >= 0;
  }

  private static Map<String, List<String>> rows(String file, byte[] content, List<RecordError> errors) {
    List<List<String>> rows = Csv.rows(SourceText.decode(content).text());
    Map<String, List<String>> byName = new LinkedHashMap<>();
    if (rows.isEmpty() || !rows.get(0).stream().map(String::trim).toList().equals(HEADER)) {
      errors.add(new RecordError(-1, null, file, "the header must be " + String.join(",", HEADER)));
      return byName;
    }
    for (int r = 1; r < rows.size(); r++) {
      List<String> row = rows.get(r);
      if (row.size() != HEADER.size()) {
        errors.add(new RecordError(r - 1, row.get(0), file, "expected 4 columns, found " + row.size()));
      } else if (byName.putIfAbsent(row.get(0).trim(), row) != null) {
        errors.add(new RecordError(r - 1, row.get(0), "names", "duplicate clip name in " + file));
      }
    }
    return byName;
  }
}
