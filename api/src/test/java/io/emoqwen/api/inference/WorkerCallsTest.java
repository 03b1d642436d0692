package io.emoqwen.api.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.api.inference.WorkerCalls.Event;
import io.emoqwen.api.inference.WorkerCalls.Outcome;
import io.emoqwen.api.inference.WorkerCalls.Replica;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A replica that dies after it has sent a few tokens: its socket is reset mid-response, as when its pod is killed.
 * Whether the request may go to another replica depends only on whether a token already reached the client.
 */
class WorkerCallsTest {

  private final WorkerCalls calls = new WorkerCalls(new ObjectMapper());
  /** The replica dies once the gateway has taken both tokens (so the reset cannot overtake them). */
  private final CountDownLatch tokensTaken = new CountDownLatch(2);
  private ServerSocket dyingReplica;
  private CompletableFuture<Void> serving;

  @BeforeEach
  void startReplicaThatDiesAfterTwoTokens() throws Exception {
    dyingReplica = new ServerSocket(0);
    serving = CompletableFuture.runAsync(() -> {
      try (Socket socket = dyingReplica.accept()) {
        BufferedReader request = new BufferedReader(new InputStreamReader(socket.getInputStream(),
            StandardCharsets.US_ASCII));
        for (String line = request.readLine(); line != null && !line.isEmpty(); line = request.readLine()) {
          // the request's headers; its body is not needed to die
        }
        OutputStream out = socket.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        for (String token : List.of("calm", " and")) {
          byte[] line = ("{\"type\":\"token\",\"text\":\"" + token + "\"}\n").getBytes(StandardCharsets.UTF_8);
          out.write((Integer.toHexString(line.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(line);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
        tokensTaken.await(10, TimeUnit.SECONDS);
        socket.setSoLinger(true, 0); // close with a reset, no end of the chunked body
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @AfterEach
  void stop() throws Exception {
    dyingReplica.close();
  }

  @Test
  void a_non_streamed_request_cut_off_after_some_tokens_stays_retryable() {
    WorkerCalls.EventSink buffered = new WorkerCalls.EventSink() {
      @Override
      public void accept(Event event) {
        tokensTaken.countDown();
      }

      @Override
      public boolean reachesClient() {
        return WorkerCalls.EventSink.BUFFERED.reachesClient();
      }
    };

    Outcome outcome = calls.call(replica(), Map.of("messages", List.of()), Duration.ofSeconds(10), buffered);

    assertThat(outcome).isInstanceOf(Outcome.Failed.class);
    Outcome.Failed failed = (Outcome.Failed) outcome;
    assertThat(failed.forwardedAny()).as("nothing reached the client").isFalse();
    assertThat(failed.reached()).as("the replica had taken the request").isTrue();
    serving.join();
  }

  @Test
  void a_streamed_request_cut_off_after_tokens_reached_the_client_is_not_retried() {
    List<String> heard = new ArrayList<>();
    WorkerCalls.EventSink client = (Event event) -> {
      heard.add(event.text());
      tokensTaken.countDown();
    };

    Outcome outcome = calls.call(replica(), Map.of("messages", List.of()), Duration.ofSeconds(10), client);

    assertThat(heard).containsExactly("calm", " and");
    assertThat(((Outcome.Failed) outcome).forwardedAny()).isTrue();
    serving.join();
  }

  private Replica replica() {
    return new Replica("dying", "http://127.0.0.1:" + dyingReplica.getLocalPort() + "/internal/infer", "secret");
  }
}
