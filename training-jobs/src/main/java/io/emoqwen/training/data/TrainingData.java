package io.emoqwen.training.data;

import io.emoqwen.model.input.ModelInput;
import java.util.List;
import java.util.UUID;

/**
 * Where a stage's training samples come from: dataset versions, already turned into model inputs. The one
 * seam between training and dataset storage, so stages can be tested on samples held in memory.
 */
public interface TrainingData {

  /** Every sample of the given versions of the tenant, in a stable order (the worker shuffles by seed). */
  List<ModelInput> samples(UUID tenantId, List<UUID> datasetVersionIds);
}
