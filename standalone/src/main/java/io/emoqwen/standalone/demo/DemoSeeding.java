package io.emoqwen.standalone.demo;

import io.emoqwen.api.config.ApiProperties;
import io.emoqwen.api.datasets.DatasetImports;
import io.emoqwen.api.tenants.Tenant;
import io.emoqwen.api.tenants.TenantRepository;
import io.emoqwen.api.users.UserAccount;
import io.emoqwen.api.users.UserRepository;
import io.emoqwen.core.config.CoreProperties;
import io.emoqwen.core.datasets.DatasetKind;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.emoqwen.core.training.Stage;
import io.emoqwen.core.training.TrainingTemplates;
import io.emoqwen.core.training.TrainingTemplates.Template;
import io.emoqwen.model.demo.DemoData;
import io.emoqwen.model.demo.DemoDataGenerator;
import io.emoqwen.model.demo.DemoSpec;
import io.emoqwen.model.demo.DemoSplit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * First start of the standalone platform: the demo data (DemoDataGenerator) become datasets of the demo tenant,
 * one per stage of the {@code demo-four-stage} template plus its held-out evaluation clips, each a version
 * ingested by the dataset worker like any upload. So {@code POST .../training-runs {"template":"demo-four-stage"}}
 * trains all four stages with nothing else to prepare. Runs in the background once the platform is ready (ingest
 * takes a minute or two), and only for datasets that have no version yet, so restarts seed nothing twice.
 * {@code emoqwen.demo.enabled=false} turns it off.
 */
@Component
@ConditionalOnProperty(name = "emoqwen.demo.enabled", havingValue = "true", matchIfMissing = true)
class DemoSeeding {

  private static final Logger log = LoggerFactory.getLogger(DemoSeeding.class);
  static final Template TEMPLATE = TrainingTemplates.DEMO_FOUR_STAGE;

  private final DemoProperties properties;
  private final ApiProperties api;
  private final Path dataDir;
  private final TenantRepository tenants;
  private final UserRepository users;
  private final DatasetImports imports;
  private final ScopedTransactions transactions;
  private volatile Thread worker;

  DemoSeeding(DemoProperties properties, ApiProperties api, CoreProperties core, TenantRepository tenants,
      UserRepository users, DatasetImports imports, ScopedTransactions transactions) {
    this.properties = properties;
    this.api = api;
    this.dataDir = core.dataDir();
    this.tenants = tenants;
    this.users = users;
    this.imports = imports;
    this.transactions = transactions;
  }

  /** The demo dataset a split becomes: its name (from the template) and kind. */
  record Target(String name, DatasetKind kind) {}

  static Target targetOf(DemoSplit split) {
    Stage stage = switch (split) {
      case CAPTIONS -> Stage.STAGE1_GENERAL;
      case EMOTION_IMAGES -> Stage.STAGE2_EMOTION;
      case JOINT -> Stage.STAGE3_JOINT;
      case VER_TRAIN -> Stage.VER_FINETUNE;
      case VER_EVAL -> null;
    };
    return stage == null ? new Target(TEMPLATE.evaluationDataset(), DatasetKind.EVAL_CLIPS)
        : new Target(TEMPLATE.stage(stage).orElseThrow().dataset(), stage.datasetKind());
  }

  @EventListener(ApplicationReadyEvent.class)
  void startInBackground() {
    Thread thread = new Thread(this::seedQuietly, "demo-seeding");
    thread.setDaemon(true);
    // the gateway answers first: seeding competes for the CPU only when nothing else asks for it
    thread.setPriority(Thread.MIN_PRIORITY);
    worker = thread;
    thread.start();
  }

  @jakarta.annotation.PreDestroy
  void stop() throws InterruptedException {
    Thread thread = worker;
    if (thread != null) {
      thread.interrupt();
      thread.join(10_000);
    }
  }

  private void seedQuietly() {
    try {
      seed();
    } catch (Exception e) {
      if (!Thread.currentThread().isInterrupted()) {
        log.warn("Demo seeding stopped; it tries again at the next start: {}", e.toString(), e);
      }
    }
  }

  /** Queues an ingest for every demo dataset that has no version yet; returns the versions created. */
  List<UUID> seed() throws IOException {
    String slug = api.bootstrap().demoTenant();
    Tenant tenant = transactions.asSystem(() -> tenants.findBySlug(slug)).orElse(null);
    if (tenant == null) {
      log.info("No tenant '{}': no demo data to seed", slug);
      return List.of();
    }
    List<DemoSplit> missing = new ArrayList<>();
    for (DemoSplit split : DemoSplit.values()) {
      if (imports.newestVersionState(tenant.id(), targetOf(split).name()).isEmpty()) {
        missing.add(split);
      }
    }
    if (missing.isEmpty()) {
      return List.of();
    }
    UUID admin = transactions.asSystem(() -> users.findByEmail(api.adminEmail()).map(UserAccount::id).orElse(null));
    DemoSpec spec = properties.size().equals("tiny") ? DemoSpec.tiny(properties.seed()) : DemoSpec.standard(properties.seed());
    Path root = Files.createDirectories(dataDir).resolve("demo-seeding");
    deleteTree(root);
    List<UUID> created = new ArrayList<>();
    try {
      DemoData data = new DemoDataGenerator(spec).writeTo(root);
      for (DemoSplit split : missing) {
        if (Thread.currentThread().isInterrupted()) {
          return created;
        }
        Target target = targetOf(split);
        UUID version = imports.importJson(tenant.id(), admin, target.name(), target.kind(),
            "Demo data (" + split.fileName() + "), seeded at first start", filesOf(data, split),
            split.fileName() + ".json", TEMPLATE.modelMaxLength());
        created.add(version);
        log.info("Demo dataset '{}' of tenant '{}': version {} queued for ingest", target.name(), slug, version);
      }
      log.info("Demo data seeded: once ingested, POST /api/v1/tenants/{}/training-runs {\"template\":\"{}\"} trains"
          + " all four stages", slug, TEMPLATE.name());
      return created;
    } finally {
      deleteTree(root);
    }
  }

  /** The split's records file and one zip of its media, named as the records refer to them. */
  private static Map<String, byte[]> filesOf(DemoData data, DemoSplit split) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(split.fileName() + ".json", Files.readAllBytes(data.recordsFile(split)));
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(zip);
        Stream<Path> media = Files.walk(data.root().resolve("media").resolve(split.fileName()))) {
      for (Path file : media.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new ZipEntry(data.root().relativize(file).toString().replace('\\', '/')));
        Files.copy(file, out);
        out.closeEntry();
      }
    }
    files.put("media.zip", zip.toByteArray());
    return files;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
