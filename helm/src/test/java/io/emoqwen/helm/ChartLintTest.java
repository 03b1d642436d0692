package io.emoqwen.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emoqwen.helm.Chart.Values;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class ChartLintTest {

  static final Values[] VALUES = {Values.DEFAULTS, Values.GPU, Values.MINIMAL};

  @TempDir Path work;

  @ParameterizedTest(name = "{0}")
  @FieldSource("VALUES")
  void lintsCleanlyInStrictMode(Values values) {
    var lint = Chart.lint(values, work);

    assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("VALUES")
  void rendersEveryValuesFile(Values values) {
    assertThat(Chart.template(values).objects()).isNotEmpty();
  }

  @Test
  void theSchemaRejectsANegativeReplicaCountNamingTheField() {
    var values = Values.inline("negative replicas", "datasetService:\n  replicas: -1\n", work);

    assertThat(Chart.lint(values, work).getMessages())
        .anySatisfy(message -> assertThat(message).contains("datasetService").contains("replicas"));
    assertThatThrownBy(() -> Chart.template(values))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining("datasetService")
        .hasMessageContaining("replicas");
  }

  @Test
  void theSchemaRejectsAMissingDatabaseHostNamingTheField() {
    // null deletes the default, exactly as `--set database.host=null` would.
    var values = Values.inline("no database host", "database:\n  host: null\n", work);

    assertThat(Chart.lint(values, work).getMessages())
        .anySatisfy(message -> assertThat(message).contains("database").contains("host"));
    assertThatThrownBy(() -> Chart.template(values))
        .hasMessageContaining("database")
        .hasMessageContaining("host");
  }

  @Test
  void inlineCredentialsAreRequiredWhenNoSecretIsNamed() {
    var values = Values.inline("no database secret", "database:\n  existingSecret: \"\"\n", work);

    assertThatThrownBy(() -> Chart.template(values))
        .hasMessageContaining("database.username and database.password are required");
  }

  @Test
  void moreMinimumThanMaximumInferenceWorkersIsRejected() {
    var values = Values.inline("min over max", "inferenceWorker:\n  minReplicas: 5\n  maxReplicas: 2\n", work);

    assertThatThrownBy(() -> Chart.template(values))
        .hasMessageContaining("inferenceWorker.minReplicas must not exceed inferenceWorker.maxReplicas");
  }
}
