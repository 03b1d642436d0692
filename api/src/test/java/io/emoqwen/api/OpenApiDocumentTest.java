package io.emoqwen.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.emoqwen.api.support.ApiTest;
import io.emoqwen.api.support.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest extends ApiTest {

  static final Path COMMITTED = Path.of("src/test/resources/openapi/api-docs.json");

  @Test
  void the_committed_document_the_client_is_generated_from_is_the_live_one() throws Exception {
    JsonNode live = http().get("/v3/api-docs", Http.Credentials.none()).expect(200).json();
    // The server URL names the test's random port: not part of the API.
    ((com.fasterxml.jackson.databind.node.ObjectNode) live).remove("servers");
    String pretty = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(
            new ObjectMapper().treeToValue(live, Object.class)) + "\n";
    // Written next to the build so a changed API is one copy away: cp target*/openapi/api-docs.json src/test/...
    Path dumped = Path.of(System.getProperty("user.dir")).resolve(
        Path.of(getClass().getProtectionDomain().getCodeSource().getLocation().toURI()).getParent()
            .resolve("openapi/api-docs.json"));
    Files.createDirectories(dumped.getParent());
    Files.writeString(dumped, pretty);
    assertThat(Files.readString(COMMITTED)).as("committed spec vs live (see %s)", dumped).isEqualTo(pretty);
  }

  @Test
  void every_operation_has_an_id_a_summary_and_problem_responses() {
    JsonNode document = http().get("/v3/api-docs", Http.Credentials.none()).expect(200).json();
    List<String> problems = new ArrayList<>();
    document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
      String name = op.getKey().toUpperCase() + " " + path.getKey();
      JsonNode operation = op.getValue();
      if (operation.path("operationId").asText().isEmpty()) {
        problems.add(name + " has no operationId");
      }
      if (operation.path("summary").asText().isEmpty()) {
        problems.add(name + " has no summary");
      }
      boolean hasSuccess = false;
      for (Map.Entry<String, JsonNode> response : iterable(operation.get("responses"))) {
        int status = Integer.parseInt(response.getKey());
        if (status < 400) {
          hasSuccess = true;
        } else if (!response.getValue().path("content").has("application/problem+json")) {
          problems.add(name + " response " + status + " is not problem+json");
        }
      }
      if (!hasSuccess) {
        problems.add(name + " has no success response");
      }
      if (path.getKey().contains("{tenant}") && !operation.get("responses").has("404")) {
        problems.add(name + " does not document 404");
      }
    }));
    assertThat(problems).isEmpty();
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
    return node::fields;
  }
}
