package io.emoqwen.helm;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/** Every object of one `helm template`, parsed; kinds the model does not know (KEDA's) stay generic. */
record Rendered(String yaml, List<GenericKubernetesResource> objects) {

  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** A pod a workload would start, named by the object that owns its template. */
  record Pod(String owner, PodTemplateSpec template) {
    @Override
    public String toString() {
      return owner;
    }
  }

  static Rendered parse(String yaml) {
    List<GenericKubernetesResource> objects =
        Arrays.stream(yaml.split("(?m)^---\\s*$"))
            .filter(doc -> doc.lines().anyMatch(line -> !line.isBlank() && !line.startsWith("#")))
            .map(doc -> SERIALIZATION.unmarshal(doc, GenericKubernetesResource.class))
            .filter(Objects::nonNull)
            .toList();
    return new Rendered(yaml, objects);
  }

  List<GenericKubernetesResource> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
  }

  GenericKubernetesResource one(String kind, String component) {
    return ofKind(kind).stream()
        .filter(o -> component.equals(o.getMetadata().getLabels().get("app.kubernetes.io/component")))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no " + kind + " for " + component + " in\n" + yaml));
  }

  <T> T as(GenericKubernetesResource object, Class<T> type) {
    return SERIALIZATION.convertValue(object, type);
  }

  /** The pod templates of Deployments, Jobs (hooks included) and KEDA ScaledJobs. */
  List<Pod> pods() {
    var pods = new ArrayList<Pod>();
    for (var object : objects) {
      Object template =
          switch (object.getKind()) {
            case "Deployment", "StatefulSet", "DaemonSet", "Job" -> object.get("spec", "template");
            case "ScaledJob" -> object.get("spec", "jobTargetRef", "template");
            default -> null;
          };
      if (template != null) {
        pods.add(
            new Pod(
                object.getKind() + "/" + object.getMetadata().getName(),
                SERIALIZATION.convertValue(template, PodTemplateSpec.class)));
      }
    }
    return pods;
  }

  Pod pod(String kind, String component) {
    return pods().stream()
        .filter(p -> p.owner().equals(kind + "/" + one(kind, component).getMetadata().getName()))
        .findFirst()
        .orElseThrow();
  }

  /** The pods that run an app (everything but the one-shot migration hook). */
  List<Pod> appPods() {
    return pods().stream()
        .filter(p -> !"migrations".equals(p.template().getMetadata().getLabels().get("app.kubernetes.io/component")))
        .toList();
  }

  static String annotation(GenericKubernetesResource object, String key) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }
}
