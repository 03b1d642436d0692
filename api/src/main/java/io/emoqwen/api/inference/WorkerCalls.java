package io.emoqwen.api.inference;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * One call to a worker's internal endpoint: a problem before the model ran, or a stream of NDJSON events that
 * ends with {@code done}. A broken connection or a worker that stopped mid-request is a {@link Outcome.Failed},
 * which the gateway may retry elsewhere.
 */
@Component
class WorkerCalls {

  static final String AUTH_SCHEME = "EmoqwenWorker ";

  record Replica(String workerId, String endpoint, String token) {
    @Override
    public String toString() {
      return "Replica[" + workerId + "]"; // never the token
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Usage(int promptTokens, int completionTokens, double videoSeconds, double cpuSeconds, double gpuSeconds) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Event(String type, String text, String finishReason, Usage usage, JsonNode timings, JsonNode analysis,
      Integer status, String detail) {}

  /** Receives the events as they come; throws when the client is gone. */
  interface EventSink {
    void accept(Event event) throws IOException;

    /**
     * Whether an accepted event is already on its way to the client. Once one is, a replica failure cannot be
     * retried elsewhere (the client would hear the start twice); while none is, it can.
     */
    default boolean reachesClient() {
      return true;
    }

    /** A non-streamed request: the client hears only the final answer, so a failure is always retryable. */
    EventSink BUFFERED = new EventSink() {
      @Override
      public void accept(Event event) {}

      @Override
      public boolean reachesClient() {
        return false;
      }
    };
  }

  sealed interface Outcome {
    record Done(Event done) implements Outcome {}

    record Refused(int status, JsonNode problem, String retryAfter) implements Outcome {}

    /** {@code reached}: the replica took the request (it died or broke while working on it), not just refused a connection. */
    record Failed(String reason, boolean forwardedAny, boolean reached) implements Outcome {}
  }

  /** The client of the gateway went away mid-stream: stop, and let the worker notice (its writes fail). */
  static final class ClientGone extends RuntimeException {
    ClientGone(IOException cause) {
      super(cause);
    }
  }

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2))
      .build();
  private final ObjectMapper json;

  WorkerCalls(ObjectMapper json) {
    this.json = json;
  }

  Outcome call(Replica replica, Object body, Duration timeout, EventSink sink) {
    HttpResponse<InputStream> response;
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(replica.endpoint()))
          .timeout(timeout)
          .header("Authorization", AUTH_SCHEME + replica.token())
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
          .build();
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      // A refused connection is a replica that is gone; anything else broke a request it had already accepted.
      return new Outcome.Failed("cannot reach the replica: " + e.getClass().getSimpleName(), false,
          !(e instanceof java.net.ConnectException));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome.Failed("interrupted", false, false);
    }
    boolean forwarded = false;
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        byte[] problem = in.readAllBytes();
        if (response.statusCode() >= 500 || problem.length == 0) {
          return new Outcome.Failed("the replica answered " + response.statusCode(), false, true);
        }
        return new Outcome.Refused(response.statusCode(), json.readTree(problem),
            response.headers().firstValue("Retry-After").orElse(null));
      }
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        Event event = json.readValue(line, Event.class);
        switch (event.type()) {
          case "token" -> {
            deliver(sink, event);
            forwarded = sink.reachesClient();
          }
          case "done" -> {
            return new Outcome.Done(event);
          }
          default -> {
            return new Outcome.Failed(event.detail() == null ? "the replica failed" : event.detail(), forwarded, true);
          }
        }
      }
      return new Outcome.Failed("the replica closed the stream early", forwarded, true);
    } catch (ClientGone e) {
      throw e;
    } catch (IOException e) {
      return new Outcome.Failed("the connection to the replica broke: " + e.getClass().getSimpleName(), forwarded,
          true);
    }
  }

  private static void deliver(EventSink sink, Event event) {
    try {
      sink.accept(event);
    } catch (IOException e) {
      throw new ClientGone(e);
    }
  }
}
