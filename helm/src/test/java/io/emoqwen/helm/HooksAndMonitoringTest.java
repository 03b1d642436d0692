package io.emoqwen.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.emoqwen.helm.Chart.Values;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HooksAndMonitoringTest {

  @Test
  void theSchemaIsMigratedByFlywayBeforeInstallAndUpgradeFromTheCoreJarOfTheReleasedImage() {
    var rendered = Chart.template(Values.DEFAULTS);
    var job = rendered.one("Job", "migrations");
    var pod = rendered.pod("Job", "migrations").template().getSpec();

    assertThat(Rendered.annotation(job, "helm.sh/hook")).isEqualTo("pre-install,pre-upgrade");
    assertThat(pod.getInitContainers()).singleElement().satisfies(init -> {
      assertThat(init.getImage()).isEqualTo("registry.example.com/emoqwen/api:0.1.0");
      assertThat(init.getCommand()).containsExactly("cp", "/app/migrations/core.jar", "/migrations/core.jar");
    });
    var flyway = pod.getContainers().get(0);
    assertThat(flyway.getImage()).startsWith("flyway/flyway:11.7");
    assertThat(flyway.getArgs()).containsExactly("migrate");
    Map<String, EnvVar> env = flyway.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    assertThat(env.get("FLYWAY_URL").getValue()).isEqualTo("jdbc:postgresql://postgresql:5432/emoqwen?sslmode=require");
    assertThat(env.get("FLYWAY_LOCATIONS").getValue()).isEqualTo("classpath:db/migration");
    assertThat(env.get("FLYWAY_JAR_DIRS").getValue()).isEqualTo("/migrations");
    assertThat(env.get("FLYWAY_PASSWORD").getValueFrom().getSecretKeyRef().getName()).isEqualTo("emoqwen-database");
    assertThat(pod.getServiceAccountName()).as("the release's account does not exist yet before install").isNull();
  }

  @Test
  void chartOwnedSecretsExistBeforeTheMigrationHookNeedsThem() {
    var rendered = Chart.template(Values.MINIMAL);
    int migrationWeight = Integer.parseInt(Rendered.annotation(rendered.one("Job", "migrations"), "helm.sh/hook-weight"));

    assertThat(rendered.ofKind("Secret")).hasSize(3).allSatisfy(secret -> {
      assertThat(Rendered.annotation(secret, "helm.sh/hook")).isEqualTo("pre-install,pre-upgrade");
      assertThat(Integer.parseInt(Rendered.annotation(secret, "helm.sh/hook-weight"))).isLessThan(migrationWeight);
    });
  }

  @Test
  void noServiceMonitorWhereThePrometheusOperatorIsAbsent() {
    var rendered = Chart.template(Values.DEFAULTS);

    assertThat(rendered.ofKind("ServiceMonitor")).isEmpty();
  }

  @Test
  void aServiceMonitorScrapesEveryAppOnTheActuatorWhenRendered() {
    var rendered = Chart.template(Values.GPU, Map.of("metrics.serviceMonitor.force", true));
    var monitor = rendered.one("ServiceMonitor", "metrics");
    var service = rendered.one("Service", "metrics");

    assertThat(monitor.<String>get("spec", "endpoints", 0, "path")).isEqualTo("/actuator/prometheus");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
    assertThat(service.<String>get("spec", "clusterIP")).isEqualTo("None");
    assertThat(service.<Map<String, String>>get("spec", "selector")).doesNotContainKey("app.kubernetes.io/component");
  }

  @Test
  void theGatewayAloneHoldsTheAdminKeyAndIsExposedThroughTheIngress() {
    var rendered = Chart.template(Values.GPU);

    for (var pod : rendered.pods()) {
      boolean hasAdminKey = pod.template().getSpec().getContainers().stream()
          .flatMap(c -> c.getEnv().stream())
          .anyMatch(env -> env.getName().equals("EMOQWEN_ADMIN_API_KEY"));
      assertThat(hasAdminKey).as("%s", pod).isEqualTo(pod.owner().endsWith("-gateway"));
    }
    var ingress = rendered.one("Ingress", "gateway");
    assertThat(ingress.<String>get("spec", "rules", 0, "host")).isEqualTo("emoqwen.example.com");
    assertThat(ingress.<String>get("spec", "rules", 0, "http", "paths", 0, "backend", "service", "name"))
        .isEqualTo(rendered.one("Service", "gateway").getMetadata().getName());
  }
}
