package io.emoqwen.inference.http;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Brings the package-private internal controller into the role's configuration. */
@Configuration(proxyBeanMethods = false)
@Import(InternalInferenceController.class)
public class InferenceHttpConfiguration {}
