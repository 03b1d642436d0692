package io.emoqwen.api.inference;

import com.fasterxml.jackson.databind.JsonNode;
import io.emoqwen.api.inference.WorkerCalls.Replica;
import io.emoqwen.core.workers.WorkerRegistry;
import io.emoqwen.core.workers.WorkerRegistry.RegisteredWorker;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Picks the replica for a request among the inference workers heard from recently: one that has the deployment
 * the fewest outstanding requests (this gateway's own count), then one that has the deployment loaded, then the
 * worker's reported load. A replica that just failed is skipped for a while. With none
 * available the request waits, bounded, for one to start.
 */
@Component
class ReplicaRouter {

  static final String ROLE = "inference";

  private final WorkerRegistry registry;
  private final InferenceGatewayProperties properties;
  private final Map<String, AtomicInteger> outstanding = new ConcurrentHashMap<>();
  private final Map<String, Long> deadUntil = new ConcurrentHashMap<>();

  ReplicaRouter(WorkerRegistry registry, InferenceGatewayProperties properties) {
    this.registry = registry;
    this.properties = properties;
  }

  /** A replica for the deployment, excluding {@code tried}; waits up to the hold time, then 503. */
  Replica acquire(UUID deploymentId, Set<String> tried) {
    long end = System.nanoTime() + properties.holdWhileStarting().toNanos();
    while (true) {
      Optional<Replica> replica = pick(deploymentId, tried);
      if (replica.isPresent()) {
        outstanding.computeIfAbsent(replica.get().workerId(), k -> new AtomicInteger()).incrementAndGet();
        return replica.get();
      }
      if (System.nanoTime() >= end) {
        throw InferenceRefusal.noReplica(Duration.ofSeconds(5));
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw InferenceRefusal.noReplica(Duration.ofSeconds(5));
      }
    }
  }

  void release(Replica replica) {
    AtomicInteger count = outstanding.get(replica.workerId());
    if (count != null) {
      count.decrementAndGet();
    }
  }

  void failed(Replica replica) {
    deadUntil.put(replica.workerId(), System.nanoTime() + properties.deadAfterFailure().toNanos());
  }

  private Optional<Replica> pick(UUID deploymentId, Set<String> tried) {
    long now = System.nanoTime();
    List<RegisteredWorker> alive = registry.alive(ROLE, properties.workerFreshness());
    String id = deploymentId.toString();
    return alive.stream()
        .filter(w -> !tried.contains(w.id()))
        .filter(w -> deadUntil.getOrDefault(w.id(), 0L) - now <= 0)
        .filter(w -> w.capabilities().hasNonNull("endpoint") && w.capabilities().hasNonNull("token"))
        .min(Comparator.<RegisteredWorker>comparingInt(w -> outstanding.getOrDefault(w.id(), new AtomicInteger()).get())
            .thenComparingInt(w -> serves(w, id) ? 0 : 1)
            .thenComparingInt(RegisteredWorker::load))
        .map(w -> new Replica(w.id(), w.capabilities().get("endpoint").asText(), w.capabilities().get("token").asText()));
  }

  private static boolean serves(RegisteredWorker worker, String deploymentId) {
    for (JsonNode d : worker.capabilities().path("deployments")) {
      if (deploymentId.equals(d.asText())) {
        return true;
      }
    }
    return false;
  }
}
