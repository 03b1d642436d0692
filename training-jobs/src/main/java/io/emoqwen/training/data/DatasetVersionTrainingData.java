package io.emoqwen.training.data;

import io.emoqwen.core.datasets.DatasetManifest;
import io.emoqwen.core.datasets.ReadyDatasetVersions;
import io.emoqwen.core.datasets.ShardCache;
import io.emoqwen.model.input.ModelInput;
import io.emoqwen.model.input.VisualInput;
import io.emoqwen.model.input.VisualInputCodec;
import io.emoqwen.model.processor.ModelInputs;
import io.emoqwen.model.text.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Samples read from READY dataset versions: the version's manifest (as ingest recorded it), each record's media
 * read from entries of its training-ready shards (kept locally by the worker's {@link ShardCache}), and the
 * record's conversation tokenised with labels on assistant turns only. Media are never decoded again here:
 * ingest already sampled, resized and normalised them.
 */
public final class DatasetVersionTrainingData implements TrainingData {

  private final ReadyDatasetVersions versions;
  private final ShardCache shards;
  private final Supplier<ModelInputs> inputs;

  /**
   * @param inputs the tokenizer's conversation encoder; a supplier because loading a tokenizer is slow and a
   *     worker that never trains should not pay for it
   */
  public DatasetVersionTrainingData(ReadyDatasetVersions versions, ShardCache shards, Supplier<ModelInputs> inputs) {
    this.versions = versions;
    this.shards = shards;
    this.inputs = inputs;
  }

  @Override
  public List<ModelInput> samples(UUID tenantId, List<UUID> datasetVersionIds) {
    List<ModelInput> out = new ArrayList<>();
    for (UUID versionId : datasetVersionIds) {
      DatasetManifest manifest = versions.manifest(tenantId, versionId);
      ModelInputs encoder = inputs.get();
      int maxLength = manifest.frames().modelMaxLength();
      for (DatasetManifest.Record record : manifest.records()) {
        List<VisualInput> visuals = new ArrayList<>(record.media().size());
        for (DatasetManifest.MediaRef ref : record.media()) {
          DatasetManifest.Shard shard = manifest.shards().get(ref.shard());
          visuals.add(shards.read(tenantId, shard, file -> VisualInputCodec.read(file, ref.entry())));
        }
        List<ChatMessage> messages = record.conversations().stream()
            .map(t -> new ChatMessage(t.role(), t.content())).toList();
        out.add(encoder.training(messages, visuals, maxLength));
      }
    }
    return out;
  }
}
