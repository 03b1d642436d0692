package io.emoqwen.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.emoqwen.helm.Chart.Values;
import io.emoqwen.helm.Rendered.Pod;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** What must hold for every pod and policy the chart renders, whichever values file is used. */
class RenderedWorkloadsTest {

  static final Values[] VALUES = {Values.DEFAULTS, Values.GPU, Values.MINIMAL};
  static final Pattern CREDENTIAL = Pattern.compile("PASSWORD|SECRET|ACCESS_KEY|API_KEY|TOKEN|USERNAME|FLYWAY_USER");

  @ParameterizedTest(name = "{0}")
  @FieldSource("VALUES")
  void rendersEveryPartOfThePlatform(Values values) {
    var rendered = Chart.template(values);

    assertThat(rendered.one("Deployment", "gateway")).isNotNull();
    assertThat(rendered.one("Service", "gateway")).isNotNull();
    assertThat(rendered.one("Deployment", "dataset-service")).isNotNull();
    assertThat(rendered.one("ScaledJob", "training-jobs")).isNotNull();
    assertThat(rendered.one("Deployment", "inference-worker")).isNotNull();
    assertThat(rendered.one("ScaledObject", "inference-worker")).isNotNull();
    assertThat(rendered.one("TriggerAuthentication", "autoscaling")).isNotNull();
    assertThat(rendered.one("Job", "migrations")).isNotNull();
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("VALUES")
  void everyAppPodIsProbedOnTheActuator(Values values) {
    for (Pod pod : Chart.template(values).appPods()) {
      for (Container container : pod.template().getSpec().getContainers()) {
        assertThat(container.getStartupProbe().getHttpGet().getPath()).as("%s", pod).isEqualTo("/actuator/health/liveness");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).as("%s", pod).isEqualTo("/actuator/health/liveness");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).as("%s", pod).isEqualTo("/actuator/health/readiness");
        assertThat(container.getPorts()).as("%s", pod)
            .anySatisfy(port -> assertThat(port.getName()).isEqualTo("http"));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("VALUES")
  void everyPodRunsNonRootOnAReadOnlyRootWithNoCapabilitiesAndNoToken(Values values) {
    List<Pod> pods = Chart.template(values).pods();
    assertThat(pods).hasSizeGreaterThanOrEqualTo(5);
    for (Pod pod : pods) {
      var spec = pod.template().getSpec();
      assertThat(spec.getSecurityContext().getRunAsNonRoot()).as("%s", pod).isTrue();
      assertThat(spec.getSecurityContext().getRunAsUser()).as("%s", pod).isPositive();
      assertThat(spec.getSecurityContext().getSeccompProfile().getType()).as("%s", pod).isEqualTo("RuntimeDefault");
      assertThat(spec.getAutomountServiceAccountToken()).as("%s", pod).isFalse();
      for (Container container : allContainers(pod)) {
        var security = container.getSecurityContext();
        assertThat(security.getReadOnlyRootFilesystem()).as("%s %s", pod, container.getName()).isTrue();
        assertThat(security.getAllowPrivilegeEscalation()).as("%s %s", pod, container.getName()).isFalse();
        assertThat(security.getCapabilities().getDrop()).as("%s %s", pod, container.getName()).containsExactly("ALL");
      }
      for (Container jvm : spec.getContainers()) {
        assertThat(jvm.getVolumeMounts()).as("a writable /tmp for %s", pod)
            .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("VALUES")
  void everyContainerHasResourceRequestsAndLimits(Values values) {
    for (Pod pod : Chart.template(values).pods()) {
      for (Container container : allContainers(pod)) {
        assertThat(container.getResources().getRequests()).as("%s %s", pod, container.getName())
            .containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).as("%s %s", pod, container.getName())
            .containsKey("memory");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("VALUES")
  void everyCredentialComesFromASecretKeyRef(Values values) {
    var rendered = Chart.template(values);
    for (Pod pod : rendered.pods()) {
      for (Container container : allContainers(pod)) {
        for (EnvVar env : container.getEnv()) {
          if (CREDENTIAL.matcher(env.getName()).find()) {
            assertThat(env.getValue()).as("%s %s", pod, env.getName()).isNull();
            assertThat(env.getValueFrom().getSecretKeyRef()).as("%s %s", pod, env.getName()).isNotNull();
          }
        }
      }
    }
    assertThat(rendered.one("TriggerAuthentication", "autoscaling").<List<?>>get("spec", "secretTargetRef"))
        .hasSize(2);
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("VALUES")
  void inlineCredentialsAppearInSecretsOnly(Values values) {
    var rendered = Chart.template(values);
    for (String secret : Set.of("minimal-database-password", "minimal-secret-key", "minimal-admin-api-key")) {
      for (var object : rendered.objects()) {
        assertThat(Rendered.SERIALIZATION.asYaml(object)).as("%s in %s", secret, object.getKind())
            .doesNotContain(secret);
      }
    }
    if (values == Values.MINIMAL) {
      assertThat(rendered.ofKind("Secret")).hasSize(3)
          .allSatisfy(secret -> assertThat(Rendered.annotation(secret, "helm.sh/hook")).contains("pre-install"));
    } else {
      assertThat(rendered.ofKind("Secret")).as("credentials come from the Secrets the user created").isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("VALUES")
  void theAppsGetNoKubernetesApiRights(Values values) {
    var rendered = Chart.template(values);

    Stream.of("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding")
        .forEach(kind -> assertThat(rendered.ofKind(kind)).as(kind).isEmpty());
    assertThat(rendered.ofKind("ServiceAccount")).singleElement()
        .satisfies(account -> assertThat(account.<Boolean>get("automountServiceAccountToken")).isFalse());
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("VALUES")
  void onlyTheGatewayIsReachableFromOutside(Values values) {
    var rendered = Chart.template(values);
    var policies = rendered.ofKind("NetworkPolicy").stream().map(p -> rendered.as(p, NetworkPolicy.class)).toList();

    assertThat(policies).anySatisfy(p -> {
      assertThat(p.getSpec().getPodSelector().getMatchLabels()).doesNotContainKey("app.kubernetes.io/component");
      assertThat(p.getSpec().getPolicyTypes()).containsExactly("Ingress");
      assertThat(p.getSpec().getIngress()).isNullOrEmpty();
    });
    for (var policy : policies) {
      for (var rule : policy.getSpec().getIngress()) {
        boolean fromAnywhere = rule.getFrom() == null || rule.getFrom().isEmpty();
        if (fromAnywhere) {
          assertThat(policy.getSpec().getPodSelector().getMatchLabels())
              .as("%s opens to any source", policy.getMetadata().getName())
              .containsEntry("app.kubernetes.io/component", "gateway");
        } else {
          assertThat(rule.getFrom()).allSatisfy(peer -> assertThat(peer.getIpBlock()).isNull());
        }
      }
    }
    var inference = policies.stream()
        .filter(p -> "inference-worker".equals(p.getSpec().getPodSelector().getMatchLabels().get("app.kubernetes.io/component")))
        .findFirst().orElseThrow();
    assertThat(inference.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/component", "gateway");
    assertThat(rendered.ofKind("Service")).allSatisfy(service ->
        assertThat(service.<String>get("spec", "type")).isIn(null, "ClusterIP"));
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("VALUES")
  void longRunningAppsHaveDisruptionBudgetsThatNeverBlockADrain(Values values) {
    var rendered = Chart.template(values);
    var budgets = rendered.ofKind("PodDisruptionBudget").stream()
        .map(b -> rendered.as(b, PodDisruptionBudget.class)).toList();

    assertThat(budgets).extracting(b -> b.getSpec().getSelector().getMatchLabels().get("app.kubernetes.io/component"))
        .containsExactlyInAnyOrder("gateway", "dataset-service", "inference-worker");
    assertThat(budgets).allSatisfy(b -> {
      assertThat(b.getSpec().getMinAvailable()).isNull();
      assertThat(b.getSpec().getMaxUnavailable().getIntVal()).isPositive();
    });
  }

  private static List<Container> allContainers(Pod pod) {
    var spec = pod.template().getSpec();
    return Stream.concat(
            spec.getInitContainers() == null ? Stream.empty() : spec.getInitContainers().stream(),
            spec.getContainers().stream())
        .toList();
  }
}
