package io.emoqwen.api.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.api.training.TrainingRunViews.StageView;
import io.emoqwen.api.training.TrainingRunViews.TrainingRunView;
import io.emoqwen.core.jobs.JobState;
import io.emoqwen.core.training.StageJobs;
import io.emoqwen.core.training.StageSpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Runs as stored: a run is its stage jobs (payload {@code runId}); there is no run table to drift from the
 * queue. Call inside the tenant's scope.
 */
@Component
class TrainingRuns {

  private static final String COLUMNS = "SELECT id, state, progress, progress_message, payload::text, result::text,"
      + " error, created_at FROM jobs WHERE type = '" + StageJobs.TRAINING_STAGE.name() + "'";

  private final JdbcClient jdbc;
  private final ObjectMapper json;

  TrainingRuns(JdbcClient jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  Optional<TrainingRunView> find(UUID runId) {
    List<StageView> stages = jdbc.sql(COLUMNS + " AND payload ->> 'runId' = :run")
        .param("run", runId.toString()).query(this::stage).list();
    if (stages.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(TrainingRunView.of(runId, ordered(stages)));
  }

  /** The newest runs first. */
  List<TrainingRunView> list(int limit) {
    List<UUID> ids = jdbc.sql("SELECT (payload ->> 'runId')::uuid FROM jobs WHERE type = :type"
            + " GROUP BY 1 ORDER BY max(created_at) DESC LIMIT :limit")
        .param("type", StageJobs.TRAINING_STAGE.name()).param("limit", limit).query(UUID.class).list();
    List<TrainingRunView> out = new ArrayList<>();
    for (UUID id : ids) {
      find(id).ifPresent(out::add);
    }
    return out;
  }

  private static List<StageView> ordered(List<StageView> stages) {
    // one transaction queues a run, so created_at ties: the pipeline order is the order
    return stages.stream().sorted(Comparator.comparingInt(s -> io.emoqwen.core.training.Stage.of(s.stage()).ordinal()))
        .toList();
  }

  private StageView stage(ResultSet rs, int n) throws SQLException {
    try {
      StageSpec spec = json.readValue(rs.getString(5), StageSpec.class);
      String result = rs.getString(6);
      JsonNode checkpoint = result == null ? null : json.readTree(result).get("checkpointId");
      return new StageView(rs.getObject(1, UUID.class), spec.stage().wireName(), JobState.valueOf(rs.getString(2)),
          rs.getDouble(3), rs.getString(4), spec.datasetVersionIds(), List.copyOf(spec.trainable()), spec.lora(), spec.maxSteps(),
          spec.modelConfig(), spec.inputCheckpointId(),
          checkpoint == null || checkpoint.isNull() ? null : UUID.fromString(checkpoint.asText()), rs.getString(7),
          rs.getTimestamp(8).toInstant());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stage job " + rs.getObject(1) + " has an unreadable payload", e);
    }
  }
}
