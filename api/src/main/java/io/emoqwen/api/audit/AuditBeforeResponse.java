package io.emoqwen.api.audit;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Audits a mutating call just before its response body (a result or a problem) is written: once the client
 * has its answer the row is already there, and a crash after answering cannot lose it.
 */
@ControllerAdvice
class AuditBeforeResponse implements ResponseBodyAdvice<Object> {

  private final AuditInterceptor audit;

  AuditBeforeResponse(AuditInterceptor audit) {
    this.audit = audit;
  }

  @Override
  public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
    return true;
  }

  @Override
  public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
      Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request, ServerHttpResponse response) {
    if (request instanceof ServletServerHttpRequest servletRequest
        && response instanceof ServletServerHttpResponse servletResponse
        && servletRequest.getServletRequest().getRequestURI().startsWith("/api/")) {
      Object handler = servletRequest.getServletRequest().getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE);
      audit.audit(servletRequest.getServletRequest(), servletResponse.getServletResponse().getStatus(), handler);
    }
    return body;
  }
}
