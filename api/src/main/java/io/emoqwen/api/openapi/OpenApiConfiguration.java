package io.emoqwen.api.openapi;

import io.emoqwen.api.idempotency.Idempotency;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.method.HandlerMethod;

/**
 * The OpenAPI document at /v3/api-docs: the three security schemes and, on every operation, the problem+json
 * error responses it can give, derived from its shape so that no controller can forget one.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  static final String PROBLEM = "Problem";

  @Bean
  OpenAPI platformOpenApi() {
    return new OpenAPI()
        // Relative: the document is the same whichever host and port serve it (and the committed copy matches).
        .servers(List.of(new Server().url("/")))
        .info(new Info().title("Emotion-Qwen platform API").version("v1")
            .description("Tenants, members, API keys, jobs, datasets, checkpoints and deployments."))
        .components(new Components()
            .addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .bearerFormat("eqk_<prefix>_<secret>").description("An API key, or an OIDC access token"))
            .addSecuritySchemes("session", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.COOKIE).name("JSESSIONID").description("Console session (send X-XSRF-TOKEN)")))
        .addSecurityItem(new SecurityRequirement().addList("apiKey"))
        .addSecurityItem(new SecurityRequirement().addList("session"));
  }

  @Bean
  OpenApiCustomizer problemSchema() {
    return openApi -> {
      Map<String, Schema> schemas = ModelConverters.getInstance().read(ProblemDetail.class);
      Schema<?> problem = schemas.get("ProblemDetail");
      problem.addProperty("requestId", new Schema<String>().type("string"));
      problem.addProperty("errors", new Schema<>().type("array").items(new Schema<>().type("object")
          .addProperty("field", new Schema<String>().type("string"))
          .addProperty("message", new Schema<String>().type("string"))));
      problem.getProperties().remove("properties");
      openApi.getComponents().addSchemas(PROBLEM, problem.name(PROBLEM));
    };
  }

  @Bean
  GlobalOperationCustomizer errorResponses() {
    return (Operation operation, HandlerMethod handler) -> {
      TreeSet<Integer> statuses = new TreeSet<>();
      boolean isPublic = handler.hasMethodAnnotation(SecurityRequirements.class)
          && handler.getMethodAnnotation(SecurityRequirements.class).value().length == 0;
      boolean hasBody = operation.getRequestBody() != null;
      boolean hasParameters = operation.getParameters() != null && !operation.getParameters().isEmpty();
      if (hasBody || hasParameters) {
        statuses.add(400);
      }
      if (!isPublic) {
        statuses.add(401);
        statuses.add(429);
      }
      if (hasParameters && operation.getParameters().stream().anyMatch(p -> "path".equals(p.getIn()))) {
        statuses.add(403);
        statuses.add(404);
      }
      if (hasBody) {
        statuses.add(413);
      }
      if (hasParameters && operation.getParameters().stream().map(Parameter::getName)
          .anyMatch(Idempotency.HEADER::equals)) {
        statuses.add(422);
      }
      ApiErrors extra = handler.getMethodAnnotation(ApiErrors.class);
      if (extra != null) {
        Arrays.stream(extra.value()).forEach(statuses::add);
      }
      ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
      for (int status : statuses) {
        responses.addApiResponse(Integer.toString(status), new ApiResponse()
            .description(HttpStatus.valueOf(status).getReasonPhrase())
            .content(new Content().addMediaType("application/problem+json",
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
      }
      operation.setResponses(responses);
      return operation;
    };
  }
}
