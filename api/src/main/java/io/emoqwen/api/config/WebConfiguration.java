package io.emoqwen.api.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.emoqwen.api.audit.AuditInterceptor;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Request bodies are read strictly (an unknown field or a number where text belongs is a 400, not silently
 * dropped or coerced); the shared ObjectMapper that core uses for job payloads stays lenient. Responses write
 * instants with {@link InstantText} (same text, a fraction of the cost).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
class WebConfiguration implements WebMvcConfigurer {

  private final AuditInterceptor audit;
  private final ResponseJson responseJson;

  WebConfiguration(AuditInterceptor audit, ObjectMapper json) {
    this.audit = audit;
    this.responseJson = new ResponseJson(strict(json));
  }

  @Bean
  ResponseJson responseJson() {
    return responseJson;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(audit).addPathPatterns("/api/**");
  }

  @Override
  public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
    for (HttpMessageConverter<?> converter : converters) {
      if (converter instanceof MappingJackson2HttpMessageConverter jackson) {
        jackson.setObjectMapper(responseJson.mapper());
      }
    }
  }

  static ObjectMapper strict(ObjectMapper base) {
    ObjectMapper strict = base.copy()
        // Problem extension members (errors, requestId) at the top level, as RFC 9457 has them.
        .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        // Registered after the copied JavaTimeModule, so it is the one asked first for an Instant.
        .registerModule(new SimpleModule("instant-text").addSerializer(Instant.class, new InstantText()));
    strict.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
    for (LogicalType type : List.of(LogicalType.Textual, LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
      strict.coercionConfigFor(type)
          .setCoercion(CoercionInputShape.Integer, type == LogicalType.Integer || type == LogicalType.Float
              ? CoercionAction.TryConvert : CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, type == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, type == LogicalType.Boolean ? CoercionAction.TryConvert : CoercionAction.Fail);
    }
    return strict;
  }
}
