package io.emoqwen.inference.http;

import io.emoqwen.core.workers.WorkerRegistry;
import io.emoqwen.inference.serving.Replicas;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Registers the worker once its web server listens (the port is known only then) and heartbeats its load and
 * the deployments it has loaded. In standalone the server is the gateway's own, so the gateway reaches this
 * worker over HTTP exactly as it reaches one in the cluster.
 */
public final class WorkerRegistration implements ApplicationListener<WebServerInitializedEvent>, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WorkerRegistration.class);

  private final WorkerRegistry registry;
  private final WorkerIdentity identity;
  private final Replicas replicas;
  private final String host;
  private final Duration interval;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "inference-heartbeat");
    t.setDaemon(true);
    return t;
  });
  private volatile String baseUrl;

  public WorkerRegistration(WorkerRegistry registry, WorkerIdentity identity, Replicas replicas, String host,
      Duration interval) {
    this.registry = registry;
    this.identity = identity;
    this.replicas = replicas;
    this.host = host;
    this.interval = interval;
  }

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    if (baseUrl != null) {
      return; // a management server on another port announces itself too
    }
    baseUrl = "http://" + host + ":" + event.getWebServer().getPort();
    heartbeat();
    timer.scheduleAtFixedRate(this::heartbeat, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    log.info("inference worker {} registered at {}", identity.id(), baseUrl);
  }

  public String baseUrl() {
    return baseUrl;
  }

  void heartbeat() {
    try {
      registry.heartbeat(identity.id(), WorkerIdentity.ROLE, baseUrl,
          Map.of("endpoint", baseUrl + InternalInferenceController.PATH, "token", identity.token(),
              "deployments", replicas.deployments()),
          replicas.outstanding());
    } catch (RuntimeException e) {
      log.warn("heartbeat failed: {}", e.getMessage());
    }
  }

  /** Leaves the registry first, so the gateway stops routing here while running requests drain. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      registry.deregister(identity.id());
    } catch (RuntimeException e) {
      log.warn("could not deregister: {}", e.getMessage());
    }
  }
}
