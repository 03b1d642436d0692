package io.emoqwen.api.training;

import io.emoqwen.api.errors.ApiException;
import io.emoqwen.api.training.TrainingRunRequests.CreateTrainingRun;
import io.emoqwen.api.training.TrainingRunRequests.StageRequest;
import io.emoqwen.core.datasets.DatasetKind;
import io.emoqwen.core.training.Stage;
import io.emoqwen.core.training.StageDefaults;
import io.emoqwen.core.training.StageSpec;
import io.emoqwen.core.training.TrainableGroup;
import io.emoqwen.core.training.TrainingTemplates;
import io.emoqwen.core.training.TrainingTemplates.Template;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Turns a run request into stage payloads, refusing everything a worker would only discover hours later: unknown
 * or unready dataset versions, versions of the wrong kind for their stage, LoRA where the llm is frozen, records
 * longer than the template's token limit, a start checkpoint of another model. Each refusal names the field.
 * Call inside the tenant's scope: row-level security is what makes another tenant's ids "unknown".
 */
final class RunPlanner {

  private final JdbcClient jdbc;

  RunPlanner(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  private record VersionFacts(String state, String kind, Integer maxTokens) {}

  List<StageSpec> plan(UUID runId, CreateTrainingRun request) {
    String templateName = request.template() == null ? TrainingTemplates.EMOTION_QWEN_SMALL.name() : request.template();
    Template template = TrainingTemplates.named(templateName)
        .orElseThrow(() -> invalid("template", "no template named '" + templateName + "'"));
    if (request.fromCheckpointId() != null) {
      String config = jdbc.sql("SELECT model_config FROM checkpoints WHERE id = :id")
          .param("id", request.fromCheckpointId()).query(String.class).optional()
          .orElseThrow(() -> invalid("fromCheckpointId", "no checkpoint " + request.fromCheckpointId()));
      if (!config.equals(template.modelConfig())) {
        throw invalid("fromCheckpointId", "the checkpoint is a " + config + ", the template trains "
            + template.modelConfig());
      }
    }
    long seed = request.seed() == null ? 42 : request.seed();
    List<StageRequest> requested = request.stages() == null || request.stages().isEmpty()
        ? template.stages().stream().map(d -> StageRequest.of(d.stage())).toList()
        : request.stages();
    List<StageSpec> specs = new ArrayList<>();
    Stage previous = null;
    for (int i = 0; i < requested.size(); i++) {
      String field = "stages[" + i + "]";
      StageRequest s = requested.get(i);
      Stage stage = stageOf(s.stage(), field + ".stage");
      if (previous != null && stage.ordinal() <= previous.ordinal()) {
        throw invalid(field + ".stage", "stages must follow the pipeline order without repeats ("
            + previous.wireName() + " is before " + stage.wireName() + ")");
      }
      previous = stage;
      StageDefaults d = template.stage(stage)
          .orElseThrow(() -> invalid(field + ".stage", "template " + template.name() + " has no " + stage.wireName()));
      List<UUID> versions = s.datasetVersionIds() == null || s.datasetVersionIds().isEmpty()
          ? List.of(newestReadyVersion(d, field + ".datasetVersionIds"))
          : s.datasetVersionIds();
      for (int j = 0; j < versions.size(); j++) {
        checkVersion(versions.get(j), stage, template, field + ".datasetVersionIds[" + j + "]");
      }
      boolean lora = s.lora() == null ? d.lora() : s.lora();
      Set<TrainableGroup> trainable = EnumSet.noneOf(TrainableGroup.class);
      trainable.addAll(s.trainable() == null ? d.trainable() : s.trainable());
      if (lora) {
        // LoRA replaces full training of the llm: it needs a stage whose recipe trains the llm at all
        boolean llmTrained = s.trainable() != null ? s.trainable().contains(TrainableGroup.LLM)
            : stage.defaultTrainable().contains(TrainableGroup.LLM);
        if (!llmTrained) {
          throw invalid(field + ".lora", "LoRA adapts the llm, which " + stage.wireName() + " keeps frozen");
        }
        trainable.remove(TrainableGroup.LLM);
      }
      if (trainable.isEmpty() && !lora) {
        throw invalid(field + ".trainable", "a stage must train at least one group");
      }
      specs.add(new StageSpec(runId, stage, template.modelConfig(), i == 0 ? request.fromCheckpointId() : null, null,
          versions, trainable, lora, or(s.learningRate(), d.learningRate()),
          or(s.warmupSteps(), d.warmupSteps()), or(s.maxSteps(), d.maxSteps()), or(s.batchSize(), d.batchSize()),
          or(s.gradientAccumulation(), d.gradientAccumulation()), seed + i, d.checkpointEverySteps(),
          d.checkpointEverySeconds(), d.metricsEverySteps(), "cpu"));
    }
    return specs;
  }

  /** A stage that names no versions trains on the newest READY version of its template's dataset. */
  private UUID newestReadyVersion(StageDefaults d, String field) {
    if (d.dataset() == null) {
      throw invalid(field, "name the dataset versions " + d.stage().wireName() + " trains on");
    }
    return jdbc.sql("SELECT v.id FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id"
            + " WHERE d.name = :name AND v.state = 'READY' ORDER BY v.version DESC LIMIT 1")
        .param("name", d.dataset()).query(UUID.class).optional()
        .orElseThrow(() -> invalid(field, "none given, and the template's dataset '" + d.dataset()
            + "' has no READY version in this tenant"));
  }

  private void checkVersion(UUID id, Stage stage, Template template, String field) {
    VersionFacts v = jdbc.sql("SELECT v.state, d.kind, (v.stats -> 'totalTokens' ->> 'max')::numeric::int"
            + " FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id WHERE v.id = :id")
        .param("id", id)
        .query((rs, n) -> new VersionFacts(rs.getString(1), rs.getString(2), (Integer) rs.getObject(3)))
        .optional()
        .orElseThrow(() -> invalid(field, "no dataset version " + id));
    if (!"READY".equals(v.state())) {
      throw invalid(field, "dataset version " + id + " is " + v.state() + ", not READY");
    }
    DatasetKind kind = DatasetKind.of(v.kind());
    if (kind != stage.datasetKind()) {
      throw invalid(field, "dataset version " + id + " is " + kind.wireName() + ", " + stage.wireName()
          + " trains on " + stage.datasetKind().wireName());
    }
    if (v.maxTokens() != null && v.maxTokens() > template.modelMaxLength()) {
      throw invalid(field, "dataset version " + id + " has a record of " + v.maxTokens()
          + " tokens, above the template's model_max_length " + template.modelMaxLength()
          + " (records are refused, never truncated)");
    }
  }

  private static Stage stageOf(String name, String field) {
    try {
      return Stage.of(name);
    } catch (IllegalArgumentException e) {
      throw invalid(field, e.getMessage());
    }
  }

  private static <T> T or(T value, T fallback) {
    return Optional.ofNullable(value).orElse(fallback);
  }

  static ApiException invalid(String field, String message) {
    return ApiException.badRequest(field + ": " + message);
  }
}
