package io.emoqwen.api.inference;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InferenceGatewayProperties.class)
class InferenceGatewayConfiguration {}
