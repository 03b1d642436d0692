package io.emoqwen.datasets.importers;

import io.emoqwen.core.datasets.ValidationReport.RecordError;
import java.util.List;

/** What an importer read: the records, and problems of the file as a whole (index -1). */
public record ImportedRecords(List<SourceRecord> records, List<RecordError> fileErrors) {

  public ImportedRecords {
    records = List.copyOf(records);
    fileErrors = List.copyOf(fileErrors);
  }

  static ImportedRecords fileError(String file, String reason) {
    return new ImportedRecords(List.of(), List.of(new RecordError(-1, null, file, reason)));
  }
}
