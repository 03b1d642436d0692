package io.emoqwen.inference.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.core.inference.WorkRequest;
import io.emoqwen.inference.cache.CheckpointCache.CheckpointMissingException;
import io.emoqwen.inference.protocol.WorkEvent;
import io.emoqwen.inference.serving.InferenceService;
import io.emoqwen.inference.serving.Overloaded;
import io.emoqwen.inference.serving.RequestRefused;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The worker's internal endpoint, called by the gateway only (it presents the worker's registry secret). Refusals
 * come back as problem+json with their status before any model work; accepted requests stream NDJSON
 * {@link WorkEvent}s on the request thread (no async timeout can cut a long generation), and a failed write (the
 * gateway or its client went away) cancels the sequence.
 */
@RestController
class InternalInferenceController {

  static final String PATH = "/internal/inference/run";
  private static final Logger log = LoggerFactory.getLogger(InternalInferenceController.class);

  private final InferenceService service;
  private final WorkerIdentity identity;
  private final ObjectMapper json;

  InternalInferenceController(InferenceService service, WorkerIdentity identity, ObjectMapper json) {
    this.service = service;
    this.identity = identity;
    this.json = json;
  }

  @PostMapping(PATH)
  void run(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestBody WorkRequest request, HttpServletResponse response) throws IOException {
    if (!identity.accepts(authorization)) {
      problem(response, HttpStatus.UNAUTHORIZED, "the worker accepts only the gateway", List.of());
      return;
    }
    InferenceService.Running running;
    try {
      running = service.start(request);
    } catch (RequestRefused e) {
      problem(response, HttpStatus.BAD_REQUEST, e.getMessage(), List.of(Map.of("field", e.field(), "message",
          e.getMessage())));
      return;
    } catch (Overloaded e) {
      response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())));
      problem(response, HttpStatus.TOO_MANY_REQUESTS, e.getMessage(), List.of());
      return;
    } catch (CheckpointMissingException e) {
      problem(response, HttpStatus.CONFLICT, "the deployment's checkpoint has no weights in storage", List.of());
      return;
    }
    response.setStatus(200);
    response.setContentType("application/x-ndjson");
    OutputStream out = response.getOutputStream();
    try {
      while (true) {
        WorkEvent event = running.events().poll(1, TimeUnit.SECONDS);
        if (event == null) {
          continue;
        }
        out.write(json.writeValueAsBytes(event));
        out.write('\n');
        out.flush();
        if (!event.type().equals("token")) {
          return;
        }
      }
    } catch (IOException e) {
      log.debug("the caller went away; cancelling its sequence");
      running.ticket().cancel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.ticket().cancel();
    }
  }

  private void problem(HttpServletResponse response, HttpStatus status, String detail, List<Map<String, String>> errors)
      throws IOException {
    response.setStatus(status.value());
    response.setContentType("application/problem+json");
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("type", "https://emoqwen.io/problems/" + status.getReasonPhrase().toLowerCase().replace(' ', '-'));
    body.put("title", status.getReasonPhrase());
    body.put("status", status.value());
    body.put("detail", detail);
    if (!errors.isEmpty()) {
      body.put("errors", errors);
    }
    json.writeValue(response.getOutputStream(), body);
  }
}
