package io.emoqwen.training.data;

import io.emoqwen.model.demo.DemoData;
import io.emoqwen.model.demo.DemoSplit;
import io.emoqwen.model.input.ModelInput;
import io.emoqwen.model.processor.TrainingExamples;
import io.emoqwen.model.processor.TrainingRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Samples registered under version ids, held in memory: the demo data and tests. */
public final class InMemoryTrainingData implements TrainingData {

  private final Map<UUID, List<ModelInput>> versions = new ConcurrentHashMap<>();

  public UUID register(List<ModelInput> samples) {
    UUID id = UUID.randomUUID();
    versions.put(id, List.copyOf(samples));
    return id;
  }

  /** A demo split as model inputs (media decoded once, here). */
  public UUID register(DemoData data, DemoSplit split, TrainingExamples examples) {
    List<ModelInput> samples = new ArrayList<>();
    for (TrainingRecord record : data.records(split)) {
      samples.add(examples.build(record));
    }
    return register(samples);
  }

  @Override
  public List<ModelInput> samples(UUID tenantId, List<UUID> datasetVersionIds) {
    List<ModelInput> out = new ArrayList<>();
    for (UUID id : datasetVersionIds) {
      List<ModelInput> samples = versions.get(id);
      if (samples == null) {
        throw new IllegalArgumentException("no dataset version " + id);
      }
      out.addAll(samples);
    }
    return out;
  }
}
