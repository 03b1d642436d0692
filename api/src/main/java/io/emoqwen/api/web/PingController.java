package io.emoqwen.api.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** An unauthenticated, database-free endpoint: liveness for clients and the benchmark's baseline. */
@RestController
@Tag(name = "platform")
class PingController {

  private final Clock clock;

  PingController(Clock clock) {
    this.clock = clock;
  }

  record Pong(String status, Instant time) {}

  @GetMapping("/api/v1/ping")
  @SecurityRequirements
  @Operation(operationId = "ping", summary = "Answers without authentication or database access")
  Pong ping() {
    return new Pong("ok", clock.instant());
  }
}
