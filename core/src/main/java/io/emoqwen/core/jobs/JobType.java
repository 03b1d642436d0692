package io.emoqwen.core.jobs;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A kind of job and the type of its payload. Declared once per feature, e.g.
 * {@code JobType.of("dataset.ingest", IngestPayload.class)}; the name is what workers claim by.
 */
public record JobType<P>(String name, Class<P> payloadType) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");

  public JobType {
    Objects.requireNonNull(payloadType, "payloadType");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("job type names look like 'area.action', got: " + name);
    }
  }

  public static <P> JobType<P> of(String name, Class<P> payloadType) {
    return new JobType<>(name, payloadType);
  }
}
