package io.emoqwen.api.inference;

import com.fasterxml.jackson.databind.JsonNode;
import io.emoqwen.api.inference.ServedDeployments.Served;
import io.emoqwen.api.inference.WorkerCalls.Event;
import io.emoqwen.api.inference.WorkerCalls.EventSink;
import io.emoqwen.api.inference.WorkerCalls.Outcome;
import io.emoqwen.api.inference.WorkerCalls.Replica;
import io.emoqwen.core.inference.WorkRequest;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Runs one request on a replica of its deployment: retried on another replica when one dies (always before the
 * first token reached the client, so a non-streamed request is never lost), moved on when one is full, refused
 * as the worker refused when the input is at fault. Usage is metered once, for the attempt that finished.
 */
@Service
class InferenceGateway {

  private static final Logger log = LoggerFactory.getLogger(InferenceGateway.class);

  private final ReplicaRouter router;
  private final WorkerCalls calls;
  private final UsageMeter usage;
  private final InferenceGatewayProperties properties;
  private final MeterRegistry meters;
  private final ServedDeployments deployments;
  private final ScopedTransactions transactions;
  /** Deployments this gateway has seen served, so marking one ACTIVE costs one write per gateway, not per call. */
  private final Set<UUID> seenServing = ConcurrentHashMap.newKeySet();

  InferenceGateway(ReplicaRouter router, WorkerCalls calls, UsageMeter usage, InferenceGatewayProperties properties,
      MeterRegistry meters, ServedDeployments deployments, ScopedTransactions transactions) {
    this.router = router;
    this.calls = calls;
    this.usage = usage;
    this.properties = properties;
    this.meters = meters;
    this.deployments = deployments;
    this.transactions = transactions;
  }

  /** Replica failures the gateway saw, by whether the replica had taken the request: how often failover works. */
  static final String REPLICA_FAILURES = "emoqwen.inference.replica.failures";

  /** A stream that broke after tokens reached the client: nothing to retry, the client hears an error event. */
  static final class BrokenStream extends RuntimeException {
    BrokenStream(String message) {
      super(message);
    }
  }

  WorkRequest request(UUID tenantId, Served deployment, String mode, List<WorkRequest.Message> messages,
      int maxNewTokens, Double temperature, Double topP, List<String> stop) {
    return new WorkRequest(tenantId, deployment.id(),
        new WorkRequest.Checkpoint(deployment.checkpointId(), deployment.modelConfig()), mode, messages,
        maxNewTokens, deployment.maxBatch(), temperature, topP, stop, deployment.labels(),
        properties.requestTimeout().toMillis());
  }

  Event run(UUID tenantId, WorkRequest request, EventSink sink) {
    Set<String> tried = new HashSet<>();
    Outcome.Refused busy = null;
    for (int attempt = 1; attempt <= properties.attempts(); attempt++) {
      Replica replica;
      try {
        replica = router.acquire(request.deploymentId(), tried);
      } catch (InferenceRefusal none) {
        if (busy != null) {
          break;
        }
        throw none;
      }
      Outcome outcome;
      try {
        outcome = calls.call(replica, request, properties.requestTimeout().plusSeconds(30), sink);
      } finally {
        router.release(replica);
      }
      tried.add(replica.workerId());
      if (outcome instanceof Outcome.Done done) {
        if (done.done().usage() != null) {
          usage.record(tenantId, done.done().usage());
        }
        if (seenServing.add(request.deploymentId())) {
          transactions.inTenant(tenantId, () -> deployments.markServing(tenantId, request.deploymentId()));
        }
        return done.done();
      }
      if (outcome instanceof Outcome.Refused refused) {
        if (refused.status() == 429) {
          busy = refused;
          continue;
        }
        throw relay(refused);
      }
      Outcome.Failed failed = (Outcome.Failed) outcome;
      router.failed(replica);
      meters.counter(REPLICA_FAILURES, "stage", failed.reached() ? "in_flight" : "connect").increment();
      log.warn("replica {} failed a request (attempt {}): {}", replica.workerId(), attempt, failed.reason());
      if (failed.forwardedAny()) {
        throw new BrokenStream("the replica failed mid-stream: " + failed.reason());
      }
    }
    if (busy != null) {
      throw new InferenceRefusal(HttpStatus.TOO_MANY_REQUESTS, "every replica of the deployment is busy", List.of(),
          Duration.ofSeconds(parseSeconds(busy.retryAfter())));
    }
    throw InferenceRefusal.noReplica(Duration.ofSeconds(5));
  }

  private static InferenceRefusal relay(Outcome.Refused refused) {
    JsonNode problem = refused.problem();
    List<Map<String, String>> errors = new ArrayList<>();
    for (JsonNode e : problem.path("errors")) {
      errors.add(Map.of("field", e.path("field").asText(), "message", e.path("message").asText()));
    }
    HttpStatus status = HttpStatus.resolve(refused.status());
    return new InferenceRefusal(status == null ? HttpStatus.BAD_REQUEST : status,
        problem.path("detail").asText("refused by the replica"), errors, null);
  }

  private static long parseSeconds(String value) {
    try {
      return value == null ? 1 : Math.max(1, Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
