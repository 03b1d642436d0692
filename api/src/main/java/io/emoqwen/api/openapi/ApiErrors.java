package io.emoqwen.api.openapi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Error statuses an operation can give beyond the ones {@link OpenApiConfiguration} derives from its shape
 * (400 for input, 401 unless public, 403/404 under a tenant, 413 for a body, 422 with Idempotency-Key, 429).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ApiErrors {
  int[] value();
}
