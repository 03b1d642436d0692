package io.emoqwen.api.inference;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway routes inference ({@code emoqwen.gateway.inference.*}).
 *
 * @param workerFreshness a worker not heard from for this long is not routed to
 * @param holdWhileStarting with no replica up, a request waits this long for one before 503
 * @param deadAfterFailure a replica that failed a call is skipped for this long
 * @param attempts replicas tried for one non-streamed request (a streamed one is retried only before its first token)
 * @param requestTimeout deadline handed to the worker
 */
@ConfigurationProperties("emoqwen.gateway.inference")
public record InferenceGatewayProperties(
    @DefaultValue("PT15S") Duration workerFreshness,
    @DefaultValue("PT10S") Duration holdWhileStarting,
    @DefaultValue("PT10S") Duration deadAfterFailure,
    @DefaultValue("3") int attempts,
    @DefaultValue("PT2M") Duration requestTimeout) {}
