package io.emoqwen.standalone.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The standalone platform's demo data, seeded into the demo tenant at first start.
 *
 * @param enabled seed at all (default true; only the standalone has a demo seeder)
 * @param size {@code standard} (what the demo-four-stage template is tuned on) or {@code tiny} (a handful per
 *     dataset, for tests)
 * @param seed everything drawn derives from it
 */
@ConfigurationProperties("emoqwen.demo")
public record DemoProperties(Boolean enabled, String size, Long seed) {

  public DemoProperties {
    enabled = enabled == null || enabled;
    size = size == null ? "standard" : size;
    seed = seed == null ? 7L : seed;
    if (!size.equals("standard") && !size.equals("tiny")) {
      throw new IllegalArgumentException("emoqwen.demo.size is 'standard' or 'tiny', not '" + size + "'");
    }
  }
}
