package io.emoqwen.datasets.ingest;

import io.emoqwen.datasets.importers.SourceRecord;
import io.emoqwen.model.processor.TokenBudget;
import io.emoqwen.model.processor.VisualPlan;
import java.nio.file.Path;
import java.util.List;

/** A record that passed every check, with the plan of each medium and its token budget. */
record CheckedRecord(SourceRecord source, List<CheckedMedia> media, TokenBudget budget) {

  /** One medium found, probed and planned. */
  record CheckedMedia(String name, Path file, boolean video, VisualPlan plan, int width, int height,
      double durationSeconds, double fps, int frames) {}
}
