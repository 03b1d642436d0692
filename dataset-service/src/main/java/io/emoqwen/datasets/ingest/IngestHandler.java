package io.emoqwen.datasets.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.core.artifacts.ArtifactKey;
import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.artifacts.ArtifactStore.ListedArtifact;
import io.emoqwen.core.datasets.DatasetKeys;
import io.emoqwen.core.datasets.DatasetKind;
import io.emoqwen.core.datasets.DatasetManifest;
import io.emoqwen.core.datasets.DatasetManifest.FrameSettings;
import io.emoqwen.core.datasets.DatasetManifest.MediaRef;
import io.emoqwen.core.datasets.DatasetManifest.Record;
import io.emoqwen.core.datasets.DatasetManifest.Shard;
import io.emoqwen.core.datasets.DatasetManifest.Tokens;
import io.emoqwen.core.datasets.DatasetManifests;
import io.emoqwen.core.datasets.IngestPayload;
import io.emoqwen.core.datasets.ValidationReport;
import io.emoqwen.core.datasets.ValidationReport.InvalidRecordPolicy;
import io.emoqwen.core.datasets.ValidationReport.RecordError;
import io.emoqwen.core.jobs.JobContext;
import io.emoqwen.core.jobs.JobExceptions.PermanentFailure;
import io.emoqwen.core.jobs.JobHandler;
import io.emoqwen.core.jobs.JobType;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.emoqwen.datasets.importers.ImportedRecords;
import io.emoqwen.datasets.importers.Importers;
import io.emoqwen.datasets.importers.MediaFolder;
import io.emoqwen.datasets.ingest.CheckedRecord.CheckedMedia;
import io.emoqwen.model.input.VisualInput;
import io.emoqwen.model.media.VideoDecoder;
import io.emoqwen.model.processor.ModelInputs;
import io.emoqwen.model.processor.ProcessorConfig;
import io.emoqwen.model.processor.VideoSampling;
import io.emoqwen.model.processor.VisionProcessor;
import io.emoqwen.model.text.QwenTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code dataset.ingest}: upload session files -> validated records -> training-ready shards -> an immutable
 * version. Idempotent per version: every object key is a function of (version, ordinal) and the records are
 * processed in source order, so a run that follows a dead worker's overwrites the same objects; the version row
 * changes only in {@link #commitWithSuccess}, with the job's own success.
 */
public final class IngestHandler implements JobHandler<IngestPayload> {

  private final ArtifactStore store;
  private final ScopedTransactions transactions;
  private final VersionRows rows;
  private final IngestSettings settings;
  private final ObjectMapper json = new ObjectMapper();
  private volatile QwenTokenizer tokenizer;

  public IngestHandler(ArtifactStore store, ScopedTransactions transactions, JdbcClient jdbc, IngestSettings settings) {
    this.store = store;
    this.transactions = transactions;
    this.rows = new VersionRows(jdbc);
    this.settings = settings;
  }

  @Override
  public JobType<IngestPayload> type() {
    return IngestPayload.TYPE;
  }

  @Override
  public Object handle(IngestPayload payload, JobContext context) throws Exception {
    UUID tenant = context.job().tenantId();
    transactions.inTenant(tenant, () -> rows.markIngesting(tenant, payload.versionId()));
    DatasetKind kind = transactions.inTenant(tenant, () -> kindOf(tenant, payload.datasetId()));
    Path work = Files.createDirectories(settings.workDir()).resolve("ingest-" + payload.versionId());
    deleteTree(work);
    Path media = Files.createDirectories(work.resolve("media"));
    try {
      List<RecordError> errors = new ArrayList<>();
      context.progress(0.01, "downloading the upload");
      fetchUpload(tenant, payload, work, media, errors);
      ImportedRecords imported = Importers.read(payload.format(), payload.recordsFile(),
          readSource(media, payload.recordsFile()), payload.secondRecordsFile(),
          payload.secondRecordsFile() == null ? null : readSource(media, payload.secondRecordsFile()),
          new MediaFolder(media));
      errors.addAll(imported.fileErrors());
      return ingest(tenant, kind, payload, imported, media, errors, context);
    } finally {
      deleteTree(work);
    }
  }

  private IngestOutcome ingest(UUID tenant, DatasetKind kind, IngestPayload payload, ImportedRecords imported,
      Path media, List<RecordError> errors, JobContext context) {
    ProcessorConfig config = processorConfig(payload.processor());
    VisionProcessor processor = new VisionProcessor(config);
    VideoSampling sampling = new VideoSampling(payload.fps() > 0 ? payload.fps() : config.fps(),
        payload.maxPixels() > 0 ? payload.maxPixels() : Long.MAX_VALUE);
    RecordChecks checks = new RecordChecks(media, kind, processor, new ModelInputs(tokenizer()), sampling,
        payload.modelMaxLength(), settings.mediaLimits());
    int total = imported.records().size();
    List<CheckedRecord> checked = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      CheckedRecord record = checks.check(imported.records().get(i), errors);
      if (record != null) {
        checked.add(record);
      }
      if (i % 16 == 0) {
        context.checkCancelled();
        context.progress(0.05 + 0.25 * i / Math.max(total, 1), "validated " + i + " of " + total + " records");
      }
    }
    boolean reject = payload.policy() == InvalidRecordPolicy.REJECT;
    if ((reject && !errors.isEmpty()) || checked.isEmpty()) {
      return rejected(tenant, payload, total, errors, "validation found " + errors.size() + " problem(s)"
          + (checked.isEmpty() ? " and no valid record" : ""));
    }
    ShardWriter shards = new ShardWriter(store, tenant, payload.datasetId(), payload.version(), config,
        settings.shardTargetBytes());
    List<Record> kept = new ArrayList<>();
    for (int i = 0; i < checked.size(); i++) {
      CheckedRecord record = checked.get(i);
      List<VisualInput> inputs = new ArrayList<>();
      try {
        for (CheckedMedia m : record.media()) {
          inputs.add(m.video() ? processor.video(VideoDecoder.readFrames(m.file(), m.plan().frameIndices()), m.plan())
              : processor.image(m.file()));
        }
      } catch (RuntimeException e) {
        errors.add(new RecordError(record.source().index(), record.source().id(), record.source().mediaField(),
            "frame extraction failed: " + e.getMessage().replace(media + "/", "")));
        if (reject) {
          store.deleteAll(DatasetKeys.version(tenant, payload.datasetId(), payload.version()));
          return rejected(tenant, payload, total, errors, "frame extraction failed for record " + record.source().id());
        }
        continue;
      }
      List<MediaRef> refs = new ArrayList<>();
      for (int m = 0; m < inputs.size(); m++) {
        ShardWriter.Placement at = shards.add(inputs.get(m));
        refs.add(mediaRef(record.media().get(m), at));
      }
      kept.add(manifestRecord(record, refs));
      if (i % 4 == 0) {
        context.checkCancelled();
        context.progress(0.3 + 0.65 * i / checked.size(), "extracted frames of " + i + " of " + checked.size() + " records");
      }
    }
    List<Shard> written = shards.finish();
    return ready(tenant, kind, payload, config, sampling, total, kept, written, errors);
  }

  private IngestOutcome ready(UUID tenant, DatasetKind kind, IngestPayload payload, ProcessorConfig config,
      VideoSampling sampling, int total, List<Record> kept, List<Shard> shards, List<RecordError> errors) {
    ValidationReport report = new ValidationReport(payload.policy(), total, kept.size(), errors);
    byte[] reportJson = DatasetManifests.write(report);
    ArtifactKey reportKey = DatasetKeys.validationReport(tenant, payload.datasetId(), payload.version());
    store.put(reportKey, reportJson);
    int images = (int) kept.stream().flatMap(r -> r.media().stream()).filter(m -> !m.video()).count();
    int videos = (int) kept.stream().flatMap(r -> r.media().stream()).filter(MediaRef::video).count();
    DatasetManifest.Stats stats = IngestStats.of(kept);
    DatasetManifest manifest = new DatasetManifest(DatasetManifest.FORMAT_VERSION, payload.datasetId(),
        payload.version(), kind, payload.format(),
        new FrameSettings(sampling.fps(), sampling.maxPixels(), config.minFrames(), config.maxFrames(),
            config.videoMinPixels(), config.videoMaxPixels(), config.videoTotalPixels(), config.imageMinPixels(),
            config.imageMaxPixels(), payload.modelMaxLength()),
        new DatasetManifest.Counts(total, kept.size(), total - kept.size(), images, videos, shards.size()),
        stats, shards, kept, DatasetManifests.sha256(reportJson));
    byte[] manifestJson = DatasetManifests.write(manifest);
    ArtifactKey manifestKey = DatasetKeys.manifest(tenant, payload.datasetId(), payload.version());
    store.put(manifestKey, manifestJson);
    removeStrays(tenant, payload, shards, Set.of(manifestKey.value(), reportKey.value()));
    return new IngestOutcome("READY", total, kept.size(), total - kept.size(), manifestKey.value(),
        DatasetManifests.sha256(manifestJson), reportKey.value(), DatasetManifests.sha256(reportJson),
        statsJson(stats), null);
  }

  private IngestOutcome rejected(UUID tenant, IngestPayload payload, int total, List<RecordError> errors, String why) {
    ArtifactKey prefix = DatasetKeys.version(tenant, payload.datasetId(), payload.version());
    store.deleteAll(prefix);
    ValidationReport report = new ValidationReport(payload.policy(), total, 0, errors);
    byte[] reportJson = DatasetManifests.write(report);
    ArtifactKey reportKey = DatasetKeys.validationReport(tenant, payload.datasetId(), payload.version());
    store.put(reportKey, reportJson);
    return new IngestOutcome("REJECTED", total, 0, total, null, null, reportKey.value(),
        DatasetManifests.sha256(reportJson), "{}", why);
  }

  /** Objects under the version that this run did not write (none, unless an earlier run differed). */
  private void removeStrays(UUID tenant, IngestPayload payload, List<Shard> shards, Set<String> keep) {
    Set<String> wanted = shards.stream().map(s -> s.key(tenant).value()).collect(Collectors.toSet());
    for (ListedArtifact object : store.list(DatasetKeys.version(tenant, payload.datasetId(), payload.version()))) {
      if (!wanted.contains(object.key().value()) && !keep.contains(object.key().value())) {
        store.delete(object.key());
      }
    }
  }

  @Override
  public void commitWithSuccess(IngestPayload payload, Object result, JobContext context) {
    IngestOutcome outcome = (IngestOutcome) result;
    rows.finish(context.job().tenantId(), payload.versionId(), outcome);
  }

  private static MediaRef mediaRef(CheckedMedia m, ShardWriter.Placement at) {
    return new MediaRef(m.name(), m.video(), sha256(m.file()), at.shard(), at.entry(), m.width(), m.height(),
        m.durationSeconds(), m.fps(), m.frames(), m.plan().frameIndices().length, m.plan().gridT(), m.plan().gridH(),
        m.plan().gridW(), m.plan().tokenCount());
  }

  private static Record manifestRecord(CheckedRecord record, List<MediaRef> refs) {
    var source = record.source();
    return new Record(source.id(), source.index(), source.conversations(), source.label(), source.texts(), refs,
        new Tokens(record.budget().textTokens(), record.budget().visualTokens()));
  }

  private void fetchUpload(UUID tenant, IngestPayload payload, Path work, Path media, List<RecordError> errors)
      throws IOException {
    ArtifactKey prefix = DatasetKeys.uploads(tenant, payload.datasetId(), payload.uploadSessionId());
    ArchiveUnpacker unpacker = new ArchiveUnpacker(settings.maxUnpackedBytes(), settings.maxArchiveRatio(),
        settings.maxArchiveEntries());
    Path archives = Files.createDirectories(work.resolve("archives"));
    for (ListedArtifact object : store.list(prefix)) {
      String name = object.key().value().substring(prefix.value().length() + 1);
      if (ArchiveUnpacker.isArchive(name)) {
        Path archive = archives.resolve(name.replace('/', '_'));
        store.download(object.key(), archive);
        errors.addAll(unpacker.unpack(archive, name, media));
        Files.delete(archive);
      } else {
        store.download(object.key(), media.resolve(name));
      }
    }
  }

  private static byte[] readSource(Path media, String name) {
    Path file = media.resolve(name).normalize();
    if (!file.startsWith(media) || !Files.isRegularFile(file)) {
      throw new PermanentFailure("the upload holds no records file '" + name + "'");
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new PermanentFailure("cannot read " + name, e);
    }
  }

  private DatasetKind kindOf(UUID tenant, UUID datasetId) {
    JdbcClient jdbc = rows.jdbc();
    return jdbc.sql("SELECT kind FROM datasets WHERE tenant_id = :t AND id = :d").param("t", tenant)
        .param("d", datasetId).query(String.class).optional()
        .map(DatasetKind::of).orElseThrow(() -> new PermanentFailure("dataset " + datasetId + " no longer exists"));
  }

  static ProcessorConfig processorConfig(String preset) {
    return "qwen".equals(preset) ? ProcessorConfig.qwenDefaults() : ProcessorConfig.small();
  }

  private QwenTokenizer tokenizer() {
    if (tokenizer == null) {
      synchronized (this) {
        if (tokenizer == null) {
          tokenizer = QwenTokenizer.small();
        }
      }
    }
    return tokenizer;
  }

  private String statsJson(DatasetManifest.Stats stats) {
    try {
      return json.writeValueAsString(stats);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(Path file) {
    try {
      return DatasetManifests.sha256(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

}
