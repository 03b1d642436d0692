package io.emoqwen.api.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON every response body is written with ({@link WebConfiguration}), for code that prepares a body
 * ahead of its response: what it writes is byte for byte what the message converter would have written.
 */
public final class ResponseJson {

  private final ObjectMapper mapper;

  public ResponseJson(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  ObjectMapper mapper() {
    return mapper;
  }

  public byte[] write(Object body) {
    try {
      return mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
