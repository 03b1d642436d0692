package io.emoqwen.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.emoqwen.helm.Chart.Values;
import io.emoqwen.helm.Rendered.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Both GPU worker kinds land on the GPU pool with their GPUs, their image flavour and their local caches. */
class GpuWorkersTest {

  @Test
  void theGpuValuesPutBothWorkerKindsOnTheGpuPoolWithTheirGpus() {
    var rendered = Chart.template(Values.GPU);

    assertOnGpuPool(rendered.pod("ScaledJob", "training-jobs"), 8, "training-jobs");
    assertOnGpuPool(rendered.pod("Deployment", "inference-worker"), 1, "inference-worker");
  }

  @Test
  void theDefaultsAlreadyGiveEachWorkerOneGpu() {
    var rendered = Chart.template(Values.DEFAULTS);

    assertOnGpuPool(rendered.pod("ScaledJob", "training-jobs"), 1, "training-jobs");
    assertOnGpuPool(rendered.pod("Deployment", "inference-worker"), 1, "inference-worker");
  }

  @Test
  void workersWithoutGpusRunTheCpuFlavourAnywhere() {
    var rendered = Chart.template(Values.MINIMAL);

    for (Pod pod : new Pod[] {rendered.pod("ScaledJob", "training-jobs"), rendered.pod("Deployment", "inference-worker")}) {
      var spec = pod.template().getSpec();
      var container = spec.getContainers().get(0);
      assertThat(container.getResources().getLimits()).as("%s", pod).doesNotContainKey("nvidia.com/gpu");
      assertThat(container.getImage()).as("%s", pod).endsWith("-cpu");
      assertThat(spec.getNodeSelector()).as("%s", pod).isNullOrEmpty();
      assertThat(spec.getTolerations()).as("%s", pod).isNullOrEmpty();
    }
  }

  @Test
  void gpuLessAppsStayOffTheGpuPool() {
    var rendered = Chart.template(Values.GPU);

    for (String component : new String[] {"gateway", "dataset-service"}) {
      var spec = rendered.pod("Deployment", component).template().getSpec();
      assertThat(spec.getContainers().get(0).getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
      assertThat(spec.getTolerations()).as(component).isNullOrEmpty();
      assertThat(spec.getContainers().get(0).getImage()).as(component).doesNotEndWith("-cuda");
    }
  }

  @Test
  void eachTrainingPodRunsExactlyOneStageJobAndIsNotEvictedMidRun() {
    var rendered = Chart.template(Values.GPU);
    var scaledJob = rendered.one("ScaledJob", "training-jobs");
    var pod = rendered.pod("ScaledJob", "training-jobs").template();

    assertThat(scaledJob.<Integer>get("spec", "jobTargetRef", "parallelism")).isEqualTo(1);
    assertThat(scaledJob.<Integer>get("spec", "jobTargetRef", "completions")).isEqualTo(1);
    assertThat(scaledJob.<Integer>get("spec", "jobTargetRef", "backoffLimit")).isZero();
    assertThat(scaledJob.<Integer>get("spec", "maxReplicaCount")).isEqualTo(2);
    assertThat(scaledJob.<String>get("spec", "scalingStrategy", "strategy")).isEqualTo("accurate");
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getMetadata().getAnnotations()).containsEntry("cluster-autoscaler.kubernetes.io/safe-to-evict", "false");
    assertThat(pod.getSpec().getContainers().get(0).getEnv())
        .anySatisfy(env -> {
          assertThat(env.getName()).isEqualTo("EMOQWEN_WORKER_RUN_ONCE");
          assertThat(env.getValue()).isEqualTo("true");
        });
  }

  @Test
  void inferenceMayScaleToZero() {
    var scaledObject = Chart.template(Values.DEFAULTS).one("ScaledObject", "inference-worker");

    assertThat(scaledObject.<Integer>get("spec", "minReplicaCount")).isZero();
    assertThat(scaledObject.<String>get("spec", "triggers", 0, "metadata", "query"))
        .isEqualTo("SELECT emoqwen_claimable_jobs('inference.')");
  }

  private static void assertOnGpuPool(Pod pod, int gpus, String module) {
    var spec = pod.template().getSpec();
    var container = spec.getContainers().get(0);
    Map<String, Quantity> limits = container.getResources().getLimits();

    assertThat(limits).as("%s", pod).containsEntry("nvidia.com/gpu", new Quantity(String.valueOf(gpus)));
    assertThat(limits).as("%s", pod).containsKey("ephemeral-storage");
    assertThat(container.getResources().getRequests()).as("%s", pod).containsKey("ephemeral-storage");
    assertThat(container.getImage()).as("%s", pod).contains("/" + module + ":").endsWith("-cuda");
    assertThat(spec.getNodeSelector()).as("%s", pod).isNotEmpty();
    assertThat(spec.getTolerations()).as("%s", pod)
        .extracting(Toleration::getKey, Toleration::getEffect)
        .contains(org.assertj.core.groups.Tuple.tuple("nvidia.com/gpu", "NoSchedule"));
    assertThat(spec.getVolumes()).as("%s: a size-limited cache on the node's ephemeral storage", pod)
        .anySatisfy(volume -> {
          assertThat(volume.getName()).endsWith("-cache");
          assertThat(volume.getEmptyDir().getSizeLimit()).isNotNull();
        });
  }
}
