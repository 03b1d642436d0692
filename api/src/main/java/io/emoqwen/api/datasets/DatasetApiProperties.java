package io.emoqwen.api.datasets;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code emoqwen.datasets.api.*}: how the gateway hands out uploads.
 *
 * @param partSizeBytes smallest part a client is told to send (S3 wants at least 5 MiB for all but the last)
 * @param sessionTtl how long an upload session stays open before the sweep aborts it
 * @param maxFiles most files one session may declare
 * @param maxDirectBytes most bytes of records files posted inline with a version (no upload session)
 * @param maxPageSize most records one page of a version lists
 */
@ConfigurationProperties("emoqwen.datasets.api")
public record DatasetApiProperties(
    @DefaultValue("8388608") long partSizeBytes,
    @DefaultValue("PT24H") Duration sessionTtl,
    @DefaultValue("5000") int maxFiles,
    @DefaultValue("1048576") int maxDirectBytes,
    @DefaultValue("200") int maxPageSize) {}
