package io.emoqwen.datasets.importers;

import io.emoqwen.core.datasets.SourceFormat;

/** Picks the importer for a source format: the one place that knows which formats exist. */
public final class Importers {

  private Importers() {}

  /**
   * @param second EMER only: the Chinese file (may be null)
   */
  public static ImportedRecords read(SourceFormat format, String file, byte[] content, String secondFile,
      byte[] second, MediaFolder media) {
    return switch (format) {
      case EMOTION_QWEN_JSON -> EmotionQwenJsonImporter.readList(file, content);
      case EMOTION_QWEN_JSONL -> EmotionQwenJsonImporter.readLines(file, content);
      case DFEW_CSV -> LabelCsvImporter.dfew(file, content, media);
      case MER2024_CSV -> LabelCsvImporter.mer2024(file, content, media);
      case EMER_CSV -> EmerCsvImporter.read(file, content, secondFile, second, media);
    };
  }
}
